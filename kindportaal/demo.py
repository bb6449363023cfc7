"""Demo data of the portal itself: the gemeente Voorbeeldstad, its wijken and one account per role.

`manage.py seed_demo` calls `seed()` in every app that has a demo module, in the order of
INSTALLED_APPS, so each app can build on what the apps before it made.
"""

import random
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings

from kindportaal.models import Gemeente, User, Wijk
from kindportaal.roles import Role

DEMO_ACCOUNTS = [
    ("beleid@example.org", "Fatima El Amrani", Role.POLICY_OFFICER),
    ("bestuurder@example.org", "Jeroen de Vries", Role.PARTNER_DIRECTOR),
    ("raad@example.org", "Ingrid Bakker", Role.COUNCIL_MEMBER),
    ("beheer@example.org", "Sanne Visser", Role.ADMINISTRATOR),
]

DEMO_WIJKEN = [
    # name, children 0-4, children 4-12
    ("Centrum", 410, 720),
    ("Oosterpark", 980, 1650),
    ("Westhaven", 640, 1180),
    ("De Akkers", 1210, 2240),
    ("Noorderveld", 530, 1010),
    ("Zuidrand", 350, 690),
]
CBS_GEMEENTE = "9999"  # fictional: no real gemeente has this code
REFERENCE_YEAR = 2025
# The gemeente's norms of places per 100 children 0–4 (fictional, as the town).
NORM_VVE = "5"
NORM_CHILDCARE = "30"


def seed(*, scale: str, stdout, rng: random.Random) -> None:
    Gemeente.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Voorbeeldstad",
            "cbs_code": f"GM{CBS_GEMEENTE}",
            "norm_vve_per_100": Decimal(NORM_VVE),
            "norm_childcare_per_100": Decimal(NORM_CHILDCARE),
        },
    )
    wijken = list(DEMO_WIJKEN)
    if scale == "city":
        extra_names = [f"Wijk {number:02d}" for number in range(len(wijken), 100)]
        wijken += [(name, rng.randint(150, 1500), rng.randint(300, 2600)) for name in extra_names]
    # A CBS wijk code is WK, the gemeente's four digits and the wijk's two: at most 100 wijken.
    for number, (name, young, school_age) in enumerate(wijken):
        Wijk.objects.update_or_create(
            cbs_code=f"WK{CBS_GEMEENTE}{number:02d}",
            defaults={
                "name": name,
                "children_0_4": young,
                "children_4_12": school_age,
                "reference_year": REFERENCE_YEAR,
            },
        )
    for email, full_name, role in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
        user.full_name = full_name
        user.role = role
        user.is_active = True
        user.is_superuser = role == Role.ADMINISTRATOR
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )


def describe(stdout) -> None:
    stdout.write(
        "\nDemo accounts (password: the DEMO_PASSWORD setting, by default %s):"
        % (
            "Voorbeeldstad-2026"
            if settings.DEMO_PASSWORD == "Voorbeeldstad-2026"
            else "as you set it"
        )
    )
    for email, full_name, role in DEMO_ACCOUNTS:
        stdout.write(f"  {email:<26} {Role(role).label} ({full_name})")
