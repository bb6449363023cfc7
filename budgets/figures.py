"""The charts of the budgets pages, drawn by the shared chart module (each with its table)."""

from django.utils.translation import gettext as _

from budgets.models import Domain
from kindportaal.charts import Chart, Series
from kindportaal.formatting import euro, percent


def domain_chart(overview):
    rows = overview.by_domain
    total = overview.total
    return Chart(
        title=_("Budgets %(year)s by domain") % {"year": overview.year},
        description=_(
            "In %(year)s %(available)s is available, of which %(pooled)s is pooled; "
            "%(budgeted)s is budgeted and %(realised)s realised."
        )
        % {
            "year": overview.year,
            "available": euro(total.available, 0),
            "pooled": euro(total.pooled, 0),
            "budgeted": euro(total.budgeted, 0),
            "realised": euro(total.realised, 0),
        },
        categories=[row.label for row in rows],
        series=[
            Series(_("Available"), [row.available for row in rows]),
            Series(_("Budgeted"), [row.budgeted for row in rows]),
            Series(_("Realised"), [row.realised for row in rows]),
        ],
        kind="bar",
        unit="€",
        decimals=0,
        width=880,
        height=360,
    )


def source_chart(overview):
    rows = overview.by_source
    return Chart(
        title=_("Pooled and not pooled money %(year)s by source") % {"year": overview.year},
        description=_("Of all money available in %(year)s, %(share)s is pooled.")
        % {"year": overview.year, "share": percent(overview.total.pooled_share or 0, 1)},
        categories=[row.label for row in rows],
        series=[
            Series(_("Pooled"), [row.pooled for row in rows]),
            Series(_("Not pooled"), [row.available - row.pooled for row in rows]),
        ],
        kind="hbar",
        unit="€",
        decimals=0,
    )


def matrix_chart(matrix):
    labels = dict(Domain.choices)
    domains = [domain for domain in Domain.values if domain in matrix.by_domain]
    return Chart(
        title=_("Pooled budgets %(year)s by domain of origin") % {"year": matrix.year},
        description=_(
            "Each pooled budget with the money it received from each domain: %(total)s in all."
        )
        % {"total": euro(matrix.pooled, 0)},
        categories=[pool.name for pool in matrix.pools],
        series=[
            Series(str(labels[domain]), [amount or None for amount in matrix.by_domain[domain]])
            for domain in domains
        ],
        kind="hbar",
        unit="€",
        decimals=0,
    )


def account_chart(account):
    return Chart(
        title=_("Budgeted and realised from %(stream)s") % {"stream": account.stream},
        description=_(
            "%(budgeted)s budgeted, of which %(realised)s realised; %(pooled)s of the budgeted "
            "amount is the stream's share of pooled budgets."
        )
        % {
            "budgeted": euro(account.budgeted, 0),
            "realised": euro(account.realised, 0),
            "pooled": euro(account.pooled_budgeted, 0),
        },
        categories=[_("Direct"), _("Via pooled budgets")],
        series=[
            Series(_("Budgeted"), [account.direct_budgeted, account.pooled_budgeted]),
            Series(_("Realised"), [account.direct_realised, account.pooled_realised]),
        ],
        kind="bar",
        unit="€",
        decimals=0,
        height=300,
    )
