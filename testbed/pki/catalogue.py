# ruff: noqa: E501  (the two tables below read best one mailbox per line)
"""Who exists in the testbed world: the certificate authorities and the mailboxes.

The mailboxes are German courts and authorities of several Länder with plausible postal
addresses (test data: e-mail addresses use the reserved ``.invalid`` domain and telephone numbers
are made up), the two demo mailboxes, and two test accounts whose certificates are revoked or
expired. The PKI issues a certificate for every mailbox here and the directory service seeds its
entries from this list, so both always agree.

Courts of Niedersachsen get a CA-issued Postfach certificate (the Land demands one, bebpo.md §2);
every other mailbox certificate is self-signed as EGVP creates it.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from dataclasses import dataclass

ROLE_BEBPO = "egvp_bebpo"
ROLE_JUSTIZ = "egvp_justiz"

# uuid5 namespace for the SAFE-IDs of seeded entries: the same label gives the same SAFE-ID on
# every machine, so tests and the demo can name them.
_SAFE_ID_NAMESPACE = uuid.UUID("6c7c6f4e-2f43-5d59-9d7b-5b8f0c1a9e21")


class Issuer(enum.Enum):
    """Who signs a mailbox's encryption certificate."""

    SELF = "self"
    VERWALTUNG_CA = "verwaltung-ca"


class VhnIssuer(enum.Enum):
    """Which VHN CA issues a mailbox's proof-of-origin certificate (if it has one)."""

    NONE = "none"
    BEBPO = "vhn-ca-bebpo"
    JUSTIZ = "vhn-ca-justiz"


class CertificateState(enum.Enum):
    """What the PKI does to a mailbox certificate on purpose (test accounts)."""

    NORMAL = "normal"
    REVOKED = "revoked"
    EXPIRED = "expired"


@dataclass(frozen=True)
class Mailbox:
    """A mailbox of the testbed world with the data of its Visitenkarte."""

    label: str
    organisation: str
    strasse: str
    hausnummer: str
    postleitzahl: str
    ort: str
    bundesland: str
    telefon: str
    role: str = ROLE_JUSTIZ
    organisationszusatz: str = ""
    name: str = ""
    vorname: str = ""
    anrede: str = ""
    fax: str = ""
    issuer: Issuer = Issuer.SELF
    vhn: VhnIssuer = VhnIssuer.NONE
    state: CertificateState = CertificateState.NORMAL

    @property
    def safe_id(self) -> str:
        """``DE.Justiz.<uuid>.<4 digits>``, derived from the label."""
        digest = hashlib.sha256(f"safe-id:{self.label}".encode()).digest()
        suffix = int.from_bytes(digest[:4], "big") % 10_000
        return f"DE.Justiz.{uuid.uuid5(_SAFE_ID_NAMESPACE, self.label)}.{suffix:04d}"

    @property
    def e_mail(self) -> str:
        return f"poststelle@{self.label}.testbed.invalid"

    @property
    def display_name(self) -> str:
        return self.name or self.organisation


def _court(
    label: str, organisation: str, address: tuple[str, str, str, str, str], telefon: str
) -> Mailbox:
    strasse, hausnummer, plz, ort, land = address
    issuer = Issuer.VERWALTUNG_CA if land == "Niedersachsen" else Issuer.SELF
    return Mailbox(
        label, organisation, strasse, hausnummer, plz, ort, land, telefon, issuer=issuer
    )  # fmt: skip


def _authority(
    label: str,
    organisation: str,
    zusatz: str,
    address: tuple[str, str, str, str, str],
    telefon: str,
) -> Mailbox:
    strasse, hausnummer, plz, ort, land = address
    issuer = Issuer.VERWALTUNG_CA if land == "Niedersachsen" else Issuer.SELF
    return Mailbox(
        label,
        organisation,
        strasse,
        hausnummer,
        plz,
        ort,
        land,
        telefon,
        role=ROLE_BEBPO,
        organisationszusatz=zusatz,
        name="Poststelle",
        anrede="Juristische Person",
        issuer=issuer,
    )


RP, HE, NW, BY, BW = (
    "Rheinland-Pfalz",
    "Hessen",
    "Nordrhein-Westfalen",
    "Bayern",
    "Baden-Württemberg",
)
BE, HH, NI, SN, HB = "Berlin", "Hamburg", "Niedersachsen", "Sachsen", "Bremen"

COURTS: tuple[Mailbox, ...] = (
    # Rheinland-Pfalz
    _court("ag-mainz", "Amtsgericht Mainz", ("Diether-von-Isenburg-Straße", "1", "55116", "Mainz", RP), "06131 141-0"),
    _court("lg-mainz", "Landgericht Mainz", ("Diether-von-Isenburg-Straße", "1", "55116", "Mainz", RP), "06131 141-0"),
    _court("vg-mainz", "Verwaltungsgericht Mainz", ("Ernst-Ludwig-Straße", "9", "55116", "Mainz", RP), "06131 141-5"),
    _court("ovg-rlp", "Oberverwaltungsgericht Rheinland-Pfalz", ("Deinhardpassage", "1", "56068", "Koblenz", RP), "0261 1307-0"),
    _court("olg-koblenz", "Oberlandesgericht Koblenz", ("Stresemannstraße", "1", "56068", "Koblenz", RP), "0261 102-0"),
    _court("ag-koblenz", "Amtsgericht Koblenz", ("Karmeliterstraße", "14", "56068", "Koblenz", RP), "0261 102-1"),
    _court("lsg-rlp", "Landessozialgericht Rheinland-Pfalz", ("Ernst-Ludwig-Straße", "1", "55116", "Mainz", RP), "06131 141-3"),
    _court("ag-trier", "Amtsgericht Trier", ("Justizstraße", "2", "54290", "Trier", RP), "0651 466-0"),
    # Hessen
    _court("ag-frankfurt", "Amtsgericht Frankfurt am Main", ("Gerichtsstraße", "2", "60313", "Frankfurt am Main", HE), "069 1367-01"),
    _court("lg-frankfurt", "Landgericht Frankfurt am Main", ("Gerichtsstraße", "2", "60313", "Frankfurt am Main", HE), "069 1367-02"),
    _court("olg-frankfurt", "Oberlandesgericht Frankfurt am Main", ("Zeil", "42", "60313", "Frankfurt am Main", HE), "069 1367-03"),
    _court("vg-wiesbaden", "Verwaltungsgericht Wiesbaden", ("Mainzer Straße", "124", "65189", "Wiesbaden", HE), "0611 3261-0"),
    _court("ag-wiesbaden", "Amtsgericht Wiesbaden", ("Gerichtsstraße", "2", "65185", "Wiesbaden", HE), "0611 3261-1"),
    _court("vgh-hessen", "Hessischer Verwaltungsgerichtshof", ("Goethestraße", "41", "34119", "Kassel", HE), "0561 1007-0"),
    # Nordrhein-Westfalen
    _court("ag-koeln", "Amtsgericht Köln", ("Luxemburger Straße", "101", "50939", "Köln", NW), "0221 477-0"),
    _court("lg-koeln", "Landgericht Köln", ("Luxemburger Straße", "101", "50939", "Köln", NW), "0221 477-1"),
    _court("olg-koeln", "Oberlandesgericht Köln", ("Reichenspergerplatz", "1", "50670", "Köln", NW), "0221 7711-0"),
    _court("olg-duesseldorf", "Oberlandesgericht Düsseldorf", ("Cecilienallee", "3", "40474", "Düsseldorf", NW), "0211 4971-0"),
    _court("vg-duesseldorf", "Verwaltungsgericht Düsseldorf", ("Bastionstraße", "39", "40213", "Düsseldorf", NW), "0211 8891-0"),
    _court("ovg-nrw", "Oberverwaltungsgericht für das Land Nordrhein-Westfalen", ("Aegidiikirchplatz", "5", "48143", "Münster", NW), "0251 505-0"),
    _court("lsg-nrw", "Landessozialgericht Nordrhein-Westfalen", ("Zweigertstraße", "54", "45130", "Essen", NW), "0201 7992-0"),
    _court("fg-muenster", "Finanzgericht Münster", ("Warendorfer Straße", "70", "48145", "Münster", NW), "0251 3784-0"),
    # Bayern
    _court("ag-muenchen", "Amtsgericht München", ("Pacellistraße", "5", "80333", "München", BY), "089 5597-01"),
    _court("lg-muenchen-1", "Landgericht München I", ("Prielmayerstraße", "7", "80335", "München", BY), "089 5597-02"),
    _court("olg-muenchen", "Oberlandesgericht München", ("Prielmayerstraße", "5", "80335", "München", BY), "089 5597-03"),
    _court("bayvgh", "Bayerischer Verwaltungsgerichtshof", ("Ludwigstraße", "23", "80539", "München", BY), "089 2130-0"),
    _court("ag-nuernberg", "Amtsgericht Nürnberg", ("Fürther Straße", "110", "90429", "Nürnberg", BY), "0911 321-0"),
    # Baden-Württemberg
    _court("ag-stuttgart", "Amtsgericht Stuttgart", ("Hauffstraße", "5", "70190", "Stuttgart", BW), "0711 921-0"),
    _court("lg-stuttgart", "Landgericht Stuttgart", ("Urbanstraße", "20", "70182", "Stuttgart", BW), "0711 212-0"),
    _court("olg-stuttgart", "Oberlandesgericht Stuttgart", ("Olgastraße", "2", "70182", "Stuttgart", BW), "0711 212-1"),
    _court("vgh-bw", "Verwaltungsgerichtshof Baden-Württemberg", ("Schubertstraße", "11", "68165", "Mannheim", BW), "0621 292-0"),
    # Berlin
    _court("ag-mitte", "Amtsgericht Mitte", ("Littenstraße", "12-17", "10179", "Berlin", BE), "030 9023-0"),
    _court("kg-berlin", "Kammergericht", ("Elßholzstraße", "30-33", "10781", "Berlin", BE), "030 9015-0"),
    _court("vg-berlin", "Verwaltungsgericht Berlin", ("Kirchstraße", "7", "10557", "Berlin", BE), "030 9014-0"),
    # Hamburg
    _court("ag-hamburg", "Amtsgericht Hamburg", ("Sievekingplatz", "1", "20355", "Hamburg", HH), "040 42843-0"),
    _court("olg-hamburg", "Hanseatisches Oberlandesgericht", ("Sievekingplatz", "2", "20355", "Hamburg", HH), "040 42843-1"),
    # Niedersachsen (CA-issued Postfach certificates)
    _court("ag-hannover", "Amtsgericht Hannover", ("Volgersweg", "1", "30175", "Hannover", NI), "0511 347-0"),
    _court("lg-hannover", "Landgericht Hannover", ("Volgersweg", "65", "30175", "Hannover", NI), "0511 347-1"),
    _court("olg-celle", "Oberlandesgericht Celle", ("Schloßplatz", "2", "29221", "Celle", NI), "05141 206-0"),
    # Sachsen
    _court("ag-dresden", "Amtsgericht Dresden", ("Roßbachstraße", "6", "01069", "Dresden", SN), "0351 446-0"),
    _court("olg-dresden", "Oberlandesgericht Dresden", ("Schloßplatz", "1", "01067", "Dresden", SN), "0351 446-1"),
    _court("ag-leipzig", "Amtsgericht Leipzig", ("Bernhard-Göring-Straße", "64", "04275", "Leipzig", SN), "0341 494-0"),
    # Bremen
    _court("ag-bremen", "Amtsgericht Bremen", ("Ostertorstraße", "25-31", "28195", "Bremen", HB), "0421 361-0"),
    # Federal courts (Bundesland of their seat)
    _court("bgh", "Bundesgerichtshof", ("Herrenstraße", "45a", "76133", "Karlsruhe", BW), "0721 159-0"),
    _court("bverwg", "Bundesverwaltungsgericht", ("Simsonplatz", "1", "04107", "Leipzig", SN), "0341 2007-0"),
    _court("bsg", "Bundessozialgericht", ("Graf-Bernadotte-Platz", "5", "34119", "Kassel", HE), "0561 3107-0"),
    _court("bfh", "Bundesfinanzhof", ("Ismaninger Straße", "109", "81675", "München", BY), "089 9231-0"),
)  # fmt: skip

AUTHORITIES: tuple[Mailbox, ...] = (
    _authority("stadt-mainz", "Stadtverwaltung Mainz", "Rechtsamt", ("Jockel-Fuchs-Platz", "1", "55116", "Mainz", RP), "06131 12-0"),
    _authority("kv-mainz-bingen", "Kreisverwaltung Mainz-Bingen", "Rechtsabteilung", ("Georg-Rückert-Straße", "11", "55218", "Ingelheim am Rhein", RP), "06132 787-0"),
    _authority("stadt-frankfurt", "Stadt Frankfurt am Main", "Rechtsamt", ("Sandgasse", "6", "60311", "Frankfurt am Main", HE), "069 212-0"),
    _authority("stadt-koeln", "Stadt Köln", "Rechts- und Versicherungsamt", ("Willy-Brandt-Platz", "2", "50679", "Köln", NW), "0221 221-0"),
    _authority("lhm-kvr", "Landeshauptstadt München", "Kreisverwaltungsreferat", ("Ruppertstraße", "19", "80466", "München", BY), "089 233-0"),
    _authority("drv-bund", "Deutsche Rentenversicherung Bund", "Rechtsabteilung", ("Ruhrstraße", "2", "10709", "Berlin", BE), "030 865-0"),
    _authority("ba-berlin-mitte", "Bezirksamt Mitte von Berlin", "Rechtsamt", ("Mathilde-Jacob-Platz", "1", "10551", "Berlin", BE), "030 9018-0"),
    _authority("region-hannover", "Region Hannover", "Rechtsamt", ("Hildesheimer Straße", "18", "30169", "Hannover", NI), "0511 616-0"),
    _authority("fa-koeln-altstadt", "Finanzamt Köln-Altstadt", "Rechtsbehelfsstelle", ("Am Weidenbach", "2-4", "50676", "Köln", NW), "0221 2026-0"),
)  # fmt: skip

DEMO = Mailbox(
    "demo",
    "Demo-Behörde Musterstadt",
    "Musterstraße",
    "1",
    "55116",
    "Mainz",
    RP,
    "06131 000-0",
    role=ROLE_BEBPO,
    organisationszusatz="Rechtsamt",
    name="Poststelle",
    anrede="Juristische Person",
    vhn=VhnIssuer.BEBPO,
)

DEMO_GERICHT = Mailbox(
    "demo-gericht",
    "Demo-Amtsgericht Musterstadt",
    "Gerichtsplatz",
    "1",
    "55116",
    "Mainz",
    RP,
    "06131 000-1",
    role=ROLE_JUSTIZ,
    vhn=VhnIssuer.JUSTIZ,
)

# Test accounts, named as the real justice test accounts are ("ZZ Testkonto …").
TEST_REVOKED = Mailbox(
    "test-widerrufen",
    "Testbed Prüfkonten",
    "Musterstraße",
    "2",
    "55116",
    "Mainz",
    RP,
    "06131 000-2",
    role=ROLE_BEBPO,
    name="ZZ Testkonto widerrufenes Zertifikat",
    vorname="- nur für interne Tests -",
    issuer=Issuer.VERWALTUNG_CA,
    state=CertificateState.REVOKED,
)

TEST_EXPIRED = Mailbox(
    "test-abgelaufen",
    "Testbed Prüfkonten",
    "Musterstraße",
    "3",
    "55116",
    "Mainz",
    RP,
    "06131 000-3",
    role=ROLE_BEBPO,
    name="ZZ Testkonto abgelaufenes Zertifikat",
    vorname="- nur für interne Tests -",
    state=CertificateState.EXPIRED,
)

MAILBOXES: tuple[Mailbox, ...] = (
    *COURTS,
    *AUTHORITIES,
    DEMO,
    DEMO_GERICHT,
    TEST_REVOKED,
    TEST_EXPIRED,
)


def mailbox(label: str) -> Mailbox:
    for entry in MAILBOXES:
        if entry.label == label:
            return entry
    raise KeyError(label)
