"""Graph's report CSV: BOM, documented headers, empty dates, concealed names, and clear
errors for a report that is not what its page describes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tenantctl.reports.csvreport import APPS, EMAIL, TEAMS, ReportFormatError, parse_report
from tenantctl.reports.prices import PriceFileError, load_prices
from tenantctl.reports.snapshot import DirectoryUser
from tenantctl.reports.usage import UsageJoin, concealed_key, looks_concealed

BOM = b"\xef\xbb\xbf"
EMAIL_CSV = (
    "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,"
    "Last Activity Date,Send Count,Receive Count,Read Count,Meeting Created Count,"
    "Meeting Interacted Count,Assigned Products,Report Period\n"
    "2026-11-28,ana@ville.fr,Ana,False,,2026-11-27,3,10,9,0,1,MICROSOFT 365 E3,7\n"
    '2026-11-28,bruno@ville.fr,"Bruno, B.",False,,,0,0,0,0,0,"MICROSOFT 365 E3+POWER BI PRO",7\n'
)


def user(upn: str) -> DirectoryUser:
    return DirectoryUser(upn, upn, upn, "", ())


def test_bom_header_and_empty_dates() -> None:
    table = parse_report(EMAIL, BOM + EMAIL_CSV.encode())
    assert table.refreshed == date(2026, 11, 28)
    ana, bruno = table.rows
    assert ana.date("Last Activity Date") == date(2026, 11, 27)
    assert bruno.date("Last Activity Date") is None  # no activity in the period
    assert bruno.text("Assigned Products") == "MICROSOFT 365 E3+POWER BI PRO"
    assert ana.count("Send Count") == 3 and bruno.line == 3


def test_without_bom_and_with_windows_line_ends() -> None:
    table = parse_report(EMAIL, EMAIL_CSV.replace("\n", "\r\n").encode())
    assert [r.text("User Principal Name") for r in table.rows] == ["ana@ville.fr", "bruno@ville.fr"]


def test_empty_report_has_no_refresh_date() -> None:
    header = EMAIL_CSV.splitlines()[0]
    table = parse_report(EMAIL, BOM + f"{header}\n".encode())
    assert table.rows == () and table.refreshed is None


def test_concealed_names_join_on_the_hashed_upn() -> None:
    hashed = concealed_key("Ana@Ville.fr")
    assert len(hashed) == 32 and hashed == hashed.upper()
    text = EMAIL_CSV.replace("ana@ville.fr", hashed).replace(
        "bruno@ville.fr", "0123456789ABCDEF0123456789ABCDEF"
    )
    table = parse_report(EMAIL, BOM + text.encode())
    assert looks_concealed([table])
    join = UsageJoin.of([user("ana@ville.fr"), user("carla@ville.fr")], concealed=True)
    assert join.index(table)["ana@ville.fr"].line == 2
    assert [r.line for r in join.unattributed(table)] == [3]
    assert not looks_concealed([parse_report(EMAIL, EMAIL_CSV.encode())])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty report, no header line"),
        (BOM + b"User Principal Name,Last Activity Date\nana@ville.fr,\n", "'Report Refresh Date'"),
        (b"\xff\xfeR\x00", "not UTF-8"),
        (
            BOM + EMAIL_CSV.encode() + b"2026-11-28,carla@ville.fr,Carla\n",
            "getEmailActivityUserDetail, line 4: 3 fields, the header has 13",
        ),
        (
            BOM + EMAIL_CSV.replace("2026-11-27", "27/11/2026").encode(),
            "line 2, column 'Last Activity Date': '27/11/2026' is not a date",
        ),
        (BOM + EMAIL_CSV.encode() + b'2026-11-28,"unclosed\n', "line"),
    ],
)
def test_malformed_reports_are_rejected(data: bytes, message: str) -> None:
    with pytest.raises(ReportFormatError, match="getEmailActivityUserDetail") as caught:
        table = parse_report(EMAIL, data)
        for row in table.rows:
            row.date("Last Activity Date")
    assert message in str(caught.value)


def test_yes_no_and_counts_are_checked() -> None:
    header = "Report Refresh Date,User Principal Name,Windows,Mac,Mobile,Web\n"
    table = parse_report(APPS, (header + "2026-11-28,ana@ville.fr,No,No,Yes,Maybe\n").encode())
    row = table.rows[0]
    assert row.flag("Mobile") and not row.flag("Mac")
    with pytest.raises(ReportFormatError, match="column 'Web': 'maybe' is not Yes/No"):
        row.flag("Web")
    teams_header = ",".join(TEAMS.columns)
    teams = parse_report(TEAMS, f"{teams_header}\n2026-11-28,ana@ville.fr,,x,,,\n".encode())
    with pytest.raises(ReportFormatError, match="'x' is not a count"):
        teams.rows[0].count("Team Chat Message Count")


def test_price_file_errors_name_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("currency: EUR\nskus:\n  SPE_E3: {monthly: 30, frontline: SPE_F1}\n")
    with pytest.raises(PriceFileError, match="frontline SKU\\(s\\) without a price: SPE_F1"):
        load_prices(path)
    path.write_text("currency: euro\nskus: {SPE_E3: {monthly: -1}}\n")
    with pytest.raises(PriceFileError, match="currency") as caught:
        load_prices(path)
    assert "skus.SPE_E3.monthly" in str(caught.value)


def test_the_project_price_file_loads() -> None:
    prices = load_prices(Path(__file__).parents[3] / "reports" / "prices.yaml")
    assert prices.currency == "EUR" and prices.frontline["SPE_E3"] == "SPE_F1"
    assert prices.yearly("SPE_E3") == round(prices.monthly["SPE_E3"] * 12, 2)
    assert prices.yearly("UNKNOWN_SKU") == 0.0
