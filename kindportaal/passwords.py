"""Django's check against common passwords, with the passwords Dutch people choose as well."""

from pathlib import Path

from django.contrib.auth import password_validation

DUTCH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords and the Dutch list
    (kindportaal/data/common-passwords-nl.txt, made by scripts/common_passwords_nl.py)."""

    def __init__(self):
        super().__init__()
        dutch = password_validation.CommonPasswordValidator(password_list_path=DUTCH_LIST)
        self.passwords = self.passwords | dutch.passwords
