"""Wijk outlines for the map: GeoJSON geometry (RD New or WGS 84, as PDOK publishes the CBS wijk
and buurt map) to simplified polygons in RD New metres, and those to SVG paths. Plain Python: the
portal draws a few hundred points per wijk and needs no GIS library for that."""

import math

from django.utils.translation import gettext as _

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"
TOLERANCE = 15  # metres: what the map's simplification may move a boundary
# The Netherlands in RD New, generously: a point outside is not an RD coordinate.
RD_BOUNDS = (-7000, 289000, 300000, 629000)

# Coefficients of the approximation of WGS 84 → RD New (Schreutelkamp and Strang van Hees),
# accurate to about a metre, far below what the map shows.
_R = {(0, 1): 190094.945, (1, 1): -11832.228, (2, 1): -114.221, (0, 3): -32.391,
      (1, 0): -0.705, (3, 1): -2.340, (1, 3): -0.608, (0, 2): -0.008, (2, 3): 0.148}  # fmt: skip
_S = {(1, 0): 309056.544, (0, 2): 3638.893, (2, 0): 73.077, (1, 2): -157.984,
      (3, 0): 59.788, (0, 1): 0.433, (2, 2): -6.439, (1, 1): -0.032, (0, 4): 0.092,
      (1, 4): -0.054}  # fmt: skip


class GeometryError(ValueError):
    """The geometry cannot be a wijk's outline; the message says why, in the user's language."""


def wgs84_to_rd(lon, lat):
    d_lat = 0.36 * (lat - 52.15517440)
    d_lon = 0.36 * (lon - 5.38720621)
    x = 155000 + sum(c * d_lat**p * d_lon**q for (p, q), c in _R.items())
    y = 463000 + sum(c * d_lat**p * d_lon**q for (p, q), c in _S.items())
    return x, y


def crs_of(name):
    """RD New, WGS 84 or None (not said) for a GeoJSON `crs` name such as
    urn:ogc:def:crs:EPSG::28992."""
    name = (name or "").upper()
    if not name:
        return None
    if name.endswith(("28992", "RD_NEW")):
        return RD_NEW
    if name.endswith(("4326", "CRS84", "4258")):
        return WGS84
    raise GeometryError(
        _("The coordinates are in %(crs)s; the map takes RD New (EPSG:28992) or WGS 84.")
        % {"crs": name}
    )


def _perpendicular(point, start, end):
    (x, y), (x1, y1), (x2, y2) = point, start, end
    if (x1, y1) == (x2, y2):
        return math.hypot(x - x1, y - y1)
    return abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / math.hypot(x2 - x1, y2 - y1)


def simplify(points, tolerance=TOLERANCE):
    """Douglas–Peucker: the points that keep the line within `tolerance` of where it was."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        distance, index = 0.0, None
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                distance, index = d, i
        if index is not None and distance > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise GeometryError(_("The geometry holds something that is not a coordinate."))
    return float(value)


def _polygons(geometry):
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        found = geometry.get("type") if isinstance(geometry, dict) else None
        raise GeometryError(
            _("The geometry is not a polygon (it is %(kind)s).") % {"kind": found or _("empty")}
        )
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or not coordinates:
        raise GeometryError(_("The polygon has no coordinates."))
    return coordinates if geometry["type"] == "MultiPolygon" else [coordinates]


def outline(geometry, crs=None, tolerance=TOLERANCE):
    """The wijk's outline from a GeoJSON Polygon or MultiPolygon: polygons of rings of [x, y]
    whole RD New metres, simplified. Coordinates in WGS 84 are projected; without a `crs` it is
    told from the numbers themselves."""
    polygons = _polygons(geometry)
    try:
        rings = [
            [[_number(point[0]), _number(point[1])] for point in ring]
            for polygon in polygons
            for ring in polygon
        ]
    except (TypeError, IndexError, KeyError) as error:
        raise GeometryError(_("The geometry's coordinates are not pairs of numbers.")) from error
    points = [point for ring in rings for point in ring]
    if not points:
        raise GeometryError(_("The polygon has no coordinates."))
    crs = crs_of(crs)
    if crs is None:
        in_degrees = all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in points)
        crs = WGS84 if in_degrees else RD_NEW
    result = []
    for polygon in polygons:
        shape = []
        for ring in polygon:
            projected = [
                list(wgs84_to_rd(_number(p[0]), _number(p[1])))
                if crs == WGS84
                else [_number(p[0]), _number(p[1])]
                for p in ring
            ]
            for x, y in projected:
                if not (RD_BOUNDS[0] <= x <= RD_BOUNDS[2] and RD_BOUNDS[1] <= y <= RD_BOUNDS[3]):
                    raise GeometryError(
                        _("The coordinates lie outside the Netherlands: not RD New or WGS 84.")
                    )
            simple = [[round(x), round(y)] for x, y in simplify(projected, tolerance)]
            if len(simple) >= 4:
                shape.append(simple)
            elif not shape:  # an outer ring too small to draw: keep it as it was
                shape.append([[round(x), round(y)] for x, y in projected])
        if shape and len(shape[0]) >= 4:
            result.append(shape)
    if not result:
        raise GeometryError(_("The polygon has fewer than three corners."))
    return result


def bounds(outlines):
    """(min x, min y, max x, max y) of all the outlines."""
    xs = [p[0] for shape in outlines for polygon in shape for ring in polygon for p in ring]
    ys = [p[1] for shape in outlines for polygon in shape for ring in polygon for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def svg_paths(outlines, width, pad=8):
    """Each outline as an SVG path in a picture `width` wide (north up), and the picture's height.
    `outlines` maps a key to an outline; the result maps it to the path's `d`."""
    shapes = {key: shape for key, shape in outlines.items() if shape}
    if not shapes:
        return {}, 0
    x0, y0, x1, y1 = bounds(shapes.values())
    span = max(x1 - x0, y1 - y0, 1)
    scale = (width - 2 * pad) / max(x1 - x0, span * 0.4)
    height = round((y1 - y0) * scale + 2 * pad)

    def point(p):
        return f"{(p[0] - x0) * scale + pad:.1f},{(y1 - p[1]) * scale + pad:.1f}"

    paths = {
        key: " ".join(
            "M" + " L".join(point(p) for p in ring) + " Z" for polygon in shape for ring in polygon
        )
        for key, shape in shapes.items()
    }
    return paths, height
