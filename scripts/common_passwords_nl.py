"""Write kindportaal/data/common-passwords-nl.txt: passwords of 12 characters or more that people
in a Dutch gemeente often choose (Dutch words and names with years and digits, keyboard rows,
repeated characters). Django's CommonPasswordValidator refuses them (settings.py); shorter
ones are refused by the minimum length. Run again after changing the words below."""

from itertools import product
from pathlib import Path

WORDS = """wachtwoord welkom geheim paswoord inloggen voetbal ajax feyenoord psv oranje nederland
holland amsterdam rotterdam utrecht denhaag eindhoven groningen zwolle tilburg almere breda
nijmegen arnhem haarlem leiden maastricht zomer winter lente herfst zonneschijn liefde schatje
lieverd hallo prinses prinsesje konijn hondje poesje kindportaal gemeente voorbeeldstad
kindcentrum kinderopvang basisschool school juffrouw meester onderwijs jeugdzorg jeugdhulp
beleid raadslid wethouder bestuurder sinterklaas kerstmis kerstfeest vakantie maandag dinsdag
woensdag donderdag vrijdag zaterdag zondag januari februari maart april mei juni juli augustus
september oktober november december fiets tulpen molen kaas stroopwafel drop koffie
welkomwelkom wachtwoordje geheimpje mijnwachtwoord nieuwwachtwoord wachtwoordnieuw""".split()  # noqa: SIM905
SUFFIXES = (
    ["", "1", "01", "12", "123", "1234", "12345", "123456", "!", "1!", "123!"]
    + [str(year) for year in range(2015, 2036)]
    + [f"{year}!" for year in range(2015, 2036)]
)
PATTERNS = [
    "123456789012",
    "1234567890123",
    "12345678901234",
    "098765432109",
    "qwertyuiopas",
    "qwertyuiop12",
    "qwertyuiop123",
    "azertyuiop12",
    "asdfghjkl123",
    "zxcvbnm12345",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "abcdefghijkl",
    "abcdef123456",
    "abc123abc123",
    "aabbccddeeff",
    "112233445566",
    "111222333444",
    "qwerty123456",
    "welkom123456",
]


def passwords():
    found = set(PATTERNS)
    for word, suffix in product(WORDS, SUFFIXES):
        found.add(word + suffix)
        found.add(word + word + suffix)
    for character in "abcdefghijklmnopqrstuvwxyz0123456789!@#$%&*.-_":
        for length in range(12, 33):
            found.add(character * length)
    for pair in ("ab", "12", "01", "xy", "ha", "la", "aa1", "abc", "123", "xyz"):
        found.add((pair * 16)[:12])
        found.add((pair * 16)[:16])
    return sorted(password for password in found if len(password) >= 12)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "kindportaal/data/common-passwords-nl.txt"
    target.write_text("\n".join(passwords()) + "\n")
    print(f"{target}: {len(passwords())} passwords")
