"""Reading register files: encodings, separators, older column names, and a clear Dutch message
for a file that is empty, binary, cut off or of another register."""

import pytest
from django.utils import translation

from partners.registers.reading import RegisterFileError, read_table
from partners.registers.sources import SOURCES
from tests.partners.registers import sample


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def test_utf8_with_bom_and_semicolons_is_read_with_its_accents():
    table = read_table(sample("duo_vestigingen_bo.csv"))
    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.columns[1] == "BEVOEGD GEZAG NUMMER"  # no BOM glued to the first name
    assert any("CBS Élan" in values for _line, values in table.rows)


def test_windows_1252_with_commas_and_older_column_names_is_read():
    table = read_table(sample("duo_vestigingen_bo_oud.csv"))
    assert (table.encoding, table.delimiter) == ("cp1252", ",")
    assert "BRIN NUMMER" in table.columns and "VESTIGINGSNUMMER" in table.columns
    bound = SOURCES["duo_schools"].bind(table.columns)
    assert {"brin", "vestiging"} <= set(bound)
    assert any("CBS Élan" in values for _line, values in table.rows)


def test_lrk_export_in_windows_1252_keeps_its_accents():
    table = read_table(sample("lrk_export.csv"))
    assert table.encoding == "cp1252"
    names = [values[2] for _line, values in table.rows]
    assert "Crèche Ééntje Twee" in names


def test_cbs_columns_are_recognised_without_their_year_suffix():
    table = read_table(sample("cbs_kerncijfers_wijken.csv"))
    bound = SOURCES["cbs"].bind(table.columns)
    assert table.columns[bound["children_0_4"]] == "k_0Tot4Jaar_8"
    renamed = [name.replace("_8", "_12").replace("_9", "_13") for name in table.columns]
    assert SOURCES["cbs"].bind(renamed)["children_4_12"] == bound["children_4_12"]


def test_rows_keep_their_line_numbers_across_blank_lines_and_quoted_line_breaks():
    data = b'lrk_id;type_oko;actuele_naam_oko\n\n1;KDV;"Twee\nregels"\n2;BSO;Drie\n'
    table = read_table(data)
    assert [line for line, _values in table.rows] == [3, 5]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Het bestand is leeg."),
        (b"  \r\n", "Het bestand is leeg."),
        (b"PK\x03\x04\x14\x00\x06\x00", "Dit is een spreadsheet, geen CSV-bestand."),
        (bytes(range(256)) * 4, "Dit is geen tekstbestand (CSV) maar een binair bestand."),
        (b"%PDF-1.7 ...", "Dit is geen tekstbestand (CSV) maar een binair bestand."),
        (b"just one column\nand no separators\n", "De kolommen van dit bestand"),
        (b'lrk_id;type_oko;actuele_naam_oko\n1;KDV;"Kinderdagverblijf De ', "afgebroken"),
        (b"lrk_id;type_oko;actuele_naam_oko\n1;KDV;De Hoek\n2;BS", "afgebroken"),
    ],
)
def test_an_unreadable_file_gets_a_clear_dutch_message(data, message):
    with pytest.raises(RegisterFileError) as error:
        read_table(data)
    assert message in error.value.message


def test_a_file_of_another_register_is_named_as_such():
    table = read_table(sample("lrk_export.csv"))
    with pytest.raises(RegisterFileError) as error:
        SOURCES["duo_schools"].bind(table.columns)
    assert "DUO" in error.value.message and "ontbreken" in error.value.message
    assert "Het lijkt een bestand van “LRK" in error.value.message
