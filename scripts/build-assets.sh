#!/usr/bin/env bash
# Builds what the pages load from static/vendor/: ONE stylesheet (the Utrecht theme, the styles of
# the NL Design System components the portal uses — the @utrecht/*-css packages in package.json —
# Tom Select's and the portal's own static/css), htmx, Tom Select's script, and the favicon. Run by `make assets` and the Dockerfile.
set -euo pipefail
cd "$(dirname "$0")/.."

# The portal's own sheets, in cascade order; static/css/lea.css is the PDF's and not a page's.
SHEETS="kindportaal partners kindcentra agenda budgets reports openbaar"
out=static/vendor
mkdir -p "$out"

components=$(node -p 'Object.keys(require("./package.json").dependencies)
    .filter((name) => /^@utrecht\/.+-css$/.test(name)).join("\n")')
{
    cat node_modules/@utrecht/design-tokens/dist/theme.css
    for package in $components; do
        cat "node_modules/$package/dist/index.min.css"
        echo
    done
    # The searchable multi-select's own look, before the portal's sheets that adjust it.
    # Without its source map comment: the map is not shipped, and collectstatic's manifest
    # refuses a reference to a file it cannot find.
    sed 's|/\*# sourceMappingURL=[^*]*\*/||' node_modules/tom-select/dist/css/tom-select.min.css
    echo
    for sheet in $SHEETS; do
        cat "static/css/$sheet.css"
    done
} >"$out/kindportaal.css.tmp"
mv "$out/kindportaal.css.tmp" "$out/kindportaal.css"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
sed 's|^//# sourceMappingURL=.*$||' node_modules/tom-select/dist/js/tom-select.complete.min.js \
    >"$out/tom-select.min.js"
