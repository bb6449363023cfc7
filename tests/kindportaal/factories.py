"""Factories for the portal's own models."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from kindportaal.models import User, Wijk
from kindportaal.roles import Role

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    role = Role.COUNCIL_MEMBER
    is_active = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """two_factor=True gives the person an authenticator app; the secret is kept on them."""
        if create and extracted:
            self.totp_secret = generate_totp_secret()
            TOTP.activate(self, self.totp_secret)


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wijk

    name = factory.Sequence(lambda n: f"Wijk {n}")
    cbs_code = factory.Sequence(lambda n: f"WK{n:06d}")
    children_0_4 = 500
    children_4_12 = 900
    reference_year = 2025
