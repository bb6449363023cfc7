"""The invariants hold whatever the order of writes: no stream or pool hands out more than it has,
no negative amounts, years match, and the database refuses what the services would."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from budgets import services
from budgets.models import Allocation, Contribution, FundingStream, PooledBudget
from budgets.services import ZERO
from kindportaal.concurrency import EditConflict
from tests.agenda.factories import AgreementFactory
from tests.budgets.factories import (
    AllocationFactory,
    FundingStreamFactory,
    PooledBudgetFactory,
)
from tests.kindcentra.factories import KindcentrumFactory

pytestmark = pytest.mark.django_db


def messages_of(raised):
    """The Dutch messages per field, with the non-breaking space of amounts as a plain one."""
    return {
        field: [str(message).replace("\u00a0", " ") for message in messages]
        for field, messages in raised.value.message_dict.items()
    }


def allocate(**kwargs):
    defaults = {"description": "Schakelklas", "budgeted": Decimal("1000.00")}
    return services.allocation_create(**{**defaults, **kwargs})


def test_a_stream_cannot_hand_out_more_than_its_amount_directly_and_through_pools(
    oab, pool, organisation_a
):
    # OAB has € 300.000 and put € 100.000 into the pool: € 200.000 is left to allocate.
    allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("150000.00"))
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("50000.01"))
    assert messages_of(raised)["budgeted"] == [
        "“Onderwijsachterstandenbeleid (2026)” heeft nog € 50.000,00 over van zijn "
        "€ 300.000,00 (de rest is al toegekend of ontschot); je vroeg € 50.000,01."
    ]
    allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("50000.00"))
    assert services.stream_committed(oab.pk) == oab.amount


def test_a_contribution_counts_against_the_stream_too(oab, pool, organisation_a):
    allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("200000.00"))
    other = PooledBudgetFactory(name="Kindcentra")
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=other, stream=oab, amount=Decimal("0.01"))
    assert "amount" in raised.value.message_dict
    assert not Contribution.objects.filter(pooled_budget=other).exists()


def test_a_pool_allocates_at_most_what_it_received(pool, organisation_a):
    allocate(pooled_budget=pool, organisation=organisation_a, budgeted=Decimal("149000.00"))
    with pytest.raises(ValidationError) as raised:
        allocate(pooled_budget=pool, organisation=organisation_a, budgeted=Decimal("1000.01"))
    assert messages_of(raised)["budgeted"] == [
        "“Sterke start (2026)” heeft nog € 1.000,00 te verdelen van de € 150.000,00 die het "
        "ontving; je vroeg € 1.000,01."
    ]


def test_lowering_or_removing_a_contribution_cannot_leave_the_pool_overspent(
    pool, youth, organisation_a
):
    allocate(pooled_budget=pool, organisation=organisation_a, budgeted=Decimal("120000.00"))
    contribution = Contribution.objects.get(pooled_budget=pool, stream=youth)
    with pytest.raises(ValidationError) as raised:
        services.contribution_update(
            contribution=contribution, expected_version=1, amount=Decimal("19999.99")
        )
    assert messages_of(raised)["amount"] == [
        "“Sterke start (2026)” heeft al € 120.000,00 toegekend; met deze wijziging zou het maar "
        "€ 119.999,99 ontvangen. Verlaag of verwijder eerst toekenningen."
    ]
    with pytest.raises(ValidationError) as raised:
        services.contribution_delete(contribution=contribution, expected_version=1)
    assert [message.replace("\u00a0", " ") for message in raised.value.messages] == [
        "“Sterke start (2026)” heeft al € 120.000,00 toegekend; met deze wijziging zou het maar "
        "€ 100.000,00 ontvangen. Verlaag of verwijder eerst toekenningen."
    ]
    services.contribution_update(
        contribution=contribution, expected_version=1, amount=Decimal("20000.00")
    )
    assert Contribution.objects.get(pk=contribution.pk).amount == Decimal("20000.00")


def test_a_contribution_raised_to_all_of_its_stream_counts_its_own_amount_as_free(pool, youth):
    # Jeugdhulp preventie has € 200.000, of which this contribution holds € 50.000.
    contribution = Contribution.objects.get(pooled_budget=pool, stream=youth)
    services.contribution_update(
        contribution=contribution, expected_version=1, amount=Decimal("200000.00")
    )
    assert services.stream_committed(youth.pk) == youth.amount
    with pytest.raises(ValidationError) as raised:
        services.contribution_update(
            contribution=contribution, expected_version=2, amount=Decimal("200000.01")
        )
    assert "heeft nog € 200.000,00 over" in messages_of(raised)["amount"][0]


def test_a_contribution_the_pool_can_do_without_is_removed(pool, youth, organisation_a):
    # The pool received € 150.000; € 100.000 of it is allocated, exactly what OAB put in.
    allocate(pooled_budget=pool, organisation=organisation_a, budgeted=Decimal("100000.00"))
    contribution = Contribution.objects.get(pooled_budget=pool, stream=youth)
    services.contribution_delete(contribution=contribution, expected_version=1)
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    assert services.pool_received(pool.pk) == Decimal("100000.00")


def test_a_stream_that_may_not_be_pooled_cannot_contribute(housing):
    pool = PooledBudgetFactory()
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=pool, stream=housing, amount=Decimal("1.00"))
    assert messages_of(raised)["stream"] == [
        "“Onderwijshuisvesting (2026)” mag niet ontschot worden: de Verordening huisvesting "
        "onderwijs staat dat niet toe. Ken vanuit deze geldstroom rechtstreeks toe."
    ]


def test_years_must_match(oab, organisation_a):
    pool_2025 = PooledBudgetFactory(year=2025)
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=pool_2025, stream=oab, amount=Decimal("1.00"))
    assert "jaren moeten gelijk zijn" in messages_of(raised)["stream"][0]
    with pytest.raises(ValidationError) as raised:
        allocate(
            stream=oab,
            organisation=organisation_a,
            period_start=datetime.date(2025, 12, 1),
            period_end=datetime.date(2026, 1, 31),
        )
    assert messages_of(raised)["period_start"] == [
        "De periode moet binnen 2026 vallen, het jaar van de bron."
    ]
    allocate(stream=oab, organisation=organisation_a)
    oab.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.stream_update(stream=oab, expected_version=oab.version, year=2027)
    assert messages_of(raised)["year"] == [
        "Deze geldstroom heeft al toekenningen of bijdragen in 2026, en de jaren moeten gelijk "
        "zijn; het jaar kan niet veranderen."
    ]


def test_an_allocation_without_period_covers_the_year_of_its_source(oab, organisation_a):
    allocation = allocate(stream=oab, organisation=organisation_a)
    assert (allocation.year, allocation.period_start, allocation.period_end) == (
        2026,
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
    )


def test_exactly_one_source_and_at_least_one_recipient(oab, pool, organisation_a):
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab, pooled_budget=pool, organisation=organisation_a)
    both = ["Kies een geldstroom of een ontschot budget, niet allebei."]
    assert messages_of(raised) == {"stream": both, "pooled_budget": both}
    with pytest.raises(ValidationError) as raised:
        allocate(organisation=organisation_a)
    neither = ["Kies de geldstroom of het ontschotte budget waar het geld vandaan komt."]
    assert messages_of(raised) == {"stream": neither, "pooled_budget": neither}
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab)
    nobody = ["Kies de organisatie, het kindcentrum of allebei die het geld ontvangen."]
    assert messages_of(raised) == {"organisation": nobody, "kindcentrum": nobody}
    assert not Allocation.objects.exists()


def test_the_period_of_an_allocation_lies_in_its_year_and_in_order(oab, organisation_a):
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab, organisation=organisation_a, period_end=datetime.date(2027, 1, 31))
    assert messages_of(raised) == {
        "period_end": ["De periode moet binnen 2026 vallen, het jaar van de bron."]
    }
    with pytest.raises(ValidationError) as raised:
        allocate(
            stream=oab,
            organisation=organisation_a,
            period_start=datetime.date(2026, 3, 1),
            period_end=datetime.date(2026, 2, 28),
        )
    assert messages_of(raised) == {
        "period_end": ["De periode kan niet eindigen voordat ze begint."]
    }
    one_day = allocate(
        stream=oab,
        organisation=organisation_a,
        period_start=datetime.date(2026, 3, 1),
        period_end=datetime.date(2026, 3, 1),
    )
    assert (one_day.period_start, one_day.period_end) == (
        datetime.date(2026, 3, 1),
        datetime.date(2026, 3, 1),
    )


def test_amounts_are_not_negative(oab, organisation_a):
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("-0.01"))
    assert messages_of(raised)["budgeted"] == ["Een bedrag kan niet negatief zijn."]
    with pytest.raises(ValidationError) as raised:
        allocate(stream=oab, organisation=organisation_a, realised=Decimal("-0.01"))
    assert messages_of(raised) == {"realised": ["Een bedrag kan niet negatief zijn."]}
    nothing = allocate(stream=oab, organisation=organisation_a, budgeted=ZERO, realised=ZERO)
    assert (nothing.budgeted, nothing.realised) == (ZERO, ZERO)


def test_a_source_removed_in_the_meantime_is_named_at_its_field(oab, organisation_a):
    removed = FundingStreamFactory()
    FundingStream.objects.filter(pk=removed.pk).delete()
    with pytest.raises(ValidationError) as raised:
        allocate(stream=removed, organisation=organisation_a)
    assert messages_of(raised) == {
        "stream": ["Dit bestaat niet meer; iemand heeft het verwijderd."]
    }
    pool = PooledBudgetFactory()
    PooledBudget.objects.filter(pk=pool.pk).delete()
    with pytest.raises(ValidationError) as raised:
        allocate(pooled_budget=pool, organisation=organisation_a)
    assert messages_of(raised) == {
        "pooled_budget": ["Dit bestaat niet meer; iemand heeft het verwijderd."]
    }


def test_a_contribution_is_more_than_nothing_and_one_per_stream(oab, youth, pool):
    other = PooledBudgetFactory(name="Kindcentra")
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=other, stream=oab, amount=ZERO)
    assert messages_of(raised) == {"amount": ["Een bijdrage moet meer dan € 0 zijn."]}
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=pool, stream=oab, amount=Decimal("1.00"))
    assert messages_of(raised) == {
        "stream": [
            "“Onderwijsachterstandenbeleid (2026)” draagt al bij aan dit ontschotte budget; "
            "wijzig die bijdrage."
        ]
    }
    least = services.contribution_create(pooled_budget=other, stream=oab, amount=Decimal("0.01"))
    assert Contribution.objects.get(pk=least.pk).amount == Decimal("0.01")
    # A third stream joins the pool the other two contribute to.
    third = FundingStreamFactory(name="Kinderopvang")
    services.contribution_create(pooled_budget=pool, stream=third, amount=Decimal("5.00"))
    assert services.pool_received(pool.pk) == Decimal("150005.00")


def test_a_contribution_to_or_from_something_removed_meanwhile_is_refused(oab, pool):
    removed = FundingStreamFactory()
    FundingStream.objects.filter(pk=removed.pk).delete()
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=pool, stream=removed, amount=Decimal("1.00"))
    assert messages_of(raised) == {
        "stream": ["Dit bestaat niet meer; iemand heeft het verwijderd."]
    }
    gone = PooledBudgetFactory()
    PooledBudget.objects.filter(pk=gone.pk).delete()
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(pooled_budget=gone, stream=oab, amount=Decimal("1.00"))
    assert raised.value.messages == ["Dit bestaat niet meer; iemand heeft het verwijderd."]
    assert "__all__" in raised.value.message_dict


def test_a_stream_without_a_named_regulation_names_the_regulation():
    stream = FundingStreamFactory(name="Huisvesting", poolable=False, legal_basis="")
    with pytest.raises(ValidationError) as raised:
        services.contribution_create(
            pooled_budget=PooledBudgetFactory(), stream=stream, amount=Decimal("1.00")
        )
    assert messages_of(raised)["stream"] == [
        "“Huisvesting (2026)” mag niet ontschot worden: de regeling staat dat niet toe. Ken "
        "vanuit deze geldstroom rechtstreeks toe."
    ]


def test_realised_cannot_exceed_budgeted(oab, organisation_a):
    with pytest.raises(ValidationError) as raised:
        allocate(
            stream=oab,
            organisation=organisation_a,
            budgeted=Decimal("10.00"),
            realised=Decimal("10.01"),
        )
    assert messages_of(raised) == {
        "realised": [
            "Het gerealiseerde bedrag kan niet hoger zijn dan het begrote bedrag; verhoog eerst "
            "het begrote bedrag."
        ]
    }


def test_an_edit_frees_its_own_amount_before_checking(oab, organisation_a):
    allocation = allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("300000.00"))
    updated = services.allocation_update(
        allocation=allocation,
        expected_version=1,
        budgeted=Decimal("300000.00"),
        realised=Decimal("250000.00"),
    )
    assert (updated.realised, updated.version) == (Decimal("250000.00"), 2)


def test_an_edit_of_a_pool_allocation_frees_its_own_amount_too(pool, organisation_a):
    # The pool received € 150.000 and this allocation holds all of it.
    allocation = allocate(
        pooled_budget=pool, organisation=organisation_a, budgeted=Decimal("150000.00")
    )
    updated = services.allocation_update(
        allocation=allocation, expected_version=1, realised=Decimal("1000.00")
    )
    assert (updated.realised, updated.version) == (Decimal("1000.00"), 2)


def test_moving_an_allocation_to_a_pool_checks_the_pool(oab, pool, organisation_a):
    allocation = allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("160000.00"))
    with pytest.raises(ValidationError) as raised:
        services.allocation_update(
            allocation=allocation, expected_version=1, stream=None, pooled_budget=pool
        )
    assert "budgeted" in raised.value.message_dict
    assert Allocation.objects.get(pk=allocation.pk).stream_id == oab.pk


def test_a_stream_amount_cannot_drop_below_what_it_handed_out(oab, pool, organisation_a):
    allocate(stream=oab, organisation=organisation_a, budgeted=Decimal("50000.00"))
    with pytest.raises(ValidationError) as raised:
        services.stream_update(stream=oab, expected_version=1, amount=Decimal("149999.99"))
    assert messages_of(raised)["amount"] == [
        "€ 150.000,00 van deze geldstroom is al toegekend of ontschot; het bedrag kan niet lager "
        "zijn dan dat."
    ]
    services.stream_update(stream=oab, expected_version=1, amount=Decimal("150000.00"))


def test_a_stream_that_contributes_cannot_stop_allowing_pooling(oab, pool):
    with pytest.raises(ValidationError) as raised:
        services.stream_update(stream=oab, expected_version=1, poolable=False)
    assert messages_of(raised)["poolable"] == [
        "Deze geldstroom draagt bij aan ontschotte budgetten; verwijder eerst die bijdragen."
    ]


def test_a_stale_edit_is_a_conflict_not_a_lost_update(oab, policy_officer):
    services.stream_update(stream=oab, expected_version=1, name="OAB 2026")
    with pytest.raises(EditConflict):
        services.stream_update(stream=oab, expected_version=1, amount=Decimal("1.00"))
    stream = FundingStream.objects.get(pk=oab.pk)
    assert (stream.name, stream.amount, stream.version) == ("OAB 2026", Decimal("300000.00"), 2)


def test_streams_and_pools_with_money_in_them_cannot_be_removed(oab, pool, organisation_a):
    with pytest.raises(ValidationError):
        services.stream_delete(stream=oab, expected_version=1)
    with pytest.raises(ValidationError):
        services.pool_delete(pool=pool, expected_version=1)
    empty = FundingStreamFactory()
    services.stream_delete(stream=empty, expected_version=1)
    assert not FundingStream.objects.filter(pk=empty.pk).exists()


def test_the_same_code_twice_in_a_year_is_refused_at_the_code(oab):
    with pytest.raises(ValidationError) as raised:
        services.stream_create(
            name="Nog een OAB",
            code="SPUK-OAB",
            year=2026,
            amount=Decimal("1.00"),
            source="rijk_specific",
            domain="education",
            purpose="x",
            accountability="sisa",
            iv3_taakveld="4.3",
            legal_basis="",
            earmarked=False,
            poolable=False,
        )
    assert messages_of(raised)["code"] == ["Er is al een geldstroom met deze code in 2026."]
    next_year = FundingStreamFactory(code="SPUK-OAB", year=2027)
    assert FundingStream.objects.filter(code="SPUK-OAB").count() == 2
    services.stream_update(stream=next_year, expected_version=1, name="OAB 2027")
    assert FundingStream.objects.get(pk=next_year.pk).name == "OAB 2027"


@pytest.mark.parametrize(("earmarked", "poolable"), [(True, False), (False, True)])
def test_a_stream_is_created_as_given(earmarked, poolable):
    stream = services.stream_create(
        name="Voorschoolse educatie",
        code="VVE",
        year=2026,
        amount=Decimal("1250.00"),
        source="own_means",
        domain="childcare",
        purpose="Extra uren voorschoolse educatie.",
        accountability="subsidy_report",
        iv3_taakveld="4.3",
        legal_basis="Beleidsregel VVE",
        earmarked=earmarked,
        poolable=poolable,
    )
    stream = FundingStream.objects.get(pk=stream.pk)
    assert (stream.legal_basis, stream.earmarked, stream.poolable) == (
        "Beleidsregel VVE",
        earmarked,
        poolable,
    )
    assert (stream.name, stream.code, stream.year, stream.amount) == (
        "Voorschoolse educatie",
        "VVE",
        2026,
        Decimal("1250.00"),
    )
    assert (stream.source, stream.domain, stream.accountability, stream.iv3_taakveld) == (
        "own_means",
        "childcare",
        "subsidy_report",
        "4.3",
    )
    assert stream.purpose == "Extra uren voorschoolse educatie."


@pytest.mark.parametrize(
    "changes",
    [
        {"budgeted": Decimal("-1.00")},
        {"realised": Decimal("-1.00")},
        {"realised": Decimal("1000.01")},
        {"stream": None},
        {"organisation": None},
        {"period_start": datetime.date(2025, 1, 1)},
        {"period_end": datetime.date(2026, 1, 1), "period_start": datetime.date(2026, 2, 1)},
    ],
)
def test_the_database_refuses_a_row_that_breaks_a_rule(oab, organisation_a, changes):
    allocation = AllocationFactory.build(stream=oab, organisation=organisation_a)
    for field, value in changes.items():
        setattr(allocation, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        allocation.save()


def test_the_database_refuses_negative_amounts_and_both_sources(oab, pool, organisation_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingStreamFactory(amount=Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(pooled_budget=PooledBudgetFactory(), stream=oab, amount=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationFactory(stream=oab, pooled_budget=pool, organisation=organisation_a)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            'duplicate key value violates unique constraint "pooledbudget_name_unique_per_year"',
            "Er is al een ontschot budget met deze naam in dit jaar.",
        ),
        (
            "could not serialize access due to concurrent update",
            "Dit kon niet worden opgeslagen omdat het botst met andere gegevens. Probeer het "
            "opnieuw.",
        ),
    ],
)
def test_a_rule_a_concurrent_request_broke_at_saving_is_a_message(monkeypatch, error, message):
    # Another request saved its row after this one was checked: the database refuses the save.
    def refused(self, *args, **kwargs):
        raise IntegrityError(error)

    monkeypatch.setattr(PooledBudget, "save", refused)
    with pytest.raises(ValidationError) as raised:
        services.pool_create(name="Sterke start", year=2026)
    assert messages_of(raised) == {"__all__": [message]}


def test_an_allocation_keeps_its_kindcentrum_and_agreement(oab, organisation_a):
    kindcentrum = KindcentrumFactory()
    agreement = AgreementFactory(owner=organisation_a)
    allocation = allocate(stream=oab, kindcentrum=kindcentrum, agreement=agreement)
    allocation = Allocation.objects.get(pk=allocation.pk)
    assert (allocation.kindcentrum, allocation.agreement, allocation.organisation) == (
        kindcentrum,
        agreement,
        None,
    )


def test_a_change_to_a_field_the_service_does_not_have_is_a_programming_error(oab, pool):
    with pytest.raises(TypeError, match=r"unknown fields \['colour'\]"):
        services.stream_update(stream=oab, expected_version=1, colour="red")
    with pytest.raises(TypeError, match=r"unknown fields \['amount'\]"):
        services.pool_update(pool=pool, expected_version=1, amount=Decimal("1.00"))
    assert FundingStream.objects.get(pk=oab.pk).version == 1
