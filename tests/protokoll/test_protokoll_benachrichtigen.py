"""kim_foerderung.protokoll.services.benachrichtigen: a notice per active recipient at once, one e-mail per
recipient only after the transaction has committed, nothing at all when it rolls back."""
import pytest
from django.db import transaction

from kim_foerderung.protokoll.models import Benachrichtigung
from kim_foerderung.protokoll.services import benachrichtigen
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def empfaenger(db):
    return [
        factories.SachbearbeitungFactory(username="anna"),
        factories.SachbearbeitungFactory(username="bernd"),
        factories.SachbearbeitungFactory(username="ohne-mail", email=""),
        factories.SachbearbeitungFactory(username="ausgeschieden", is_active=False),
    ]


def test_eine_mail_je_empfaenger_erst_nach_dem_commit(empfaenger, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as nach_commit:
        with transaction.atomic():
            benachrichtigen(empfaenger, "Antrag 2026 von Kreis Unna eingereicht", "Text der Mitteilung",
                            link="/antraege/1/")
        # The notices are written in the transaction; no e-mail has left yet.
        assert mailoutbox == []
    assert len(nach_commit) == 1
    assert sorted(Benachrichtigung.objects.values_list("empfaenger__username", flat=True)) == [
        "anna", "bernd", "ohne-mail"]
    assert set(Benachrichtigung.objects.values_list("text", "link")) == {
        ("Antrag 2026 von Kreis Unna eingereicht", "/antraege/1/")}
    nach_commit[0]()
    assert sorted(m.to for m in mailoutbox) == [["anna@example.org"], ["bernd@example.org"]]
    for mail in mailoutbox:
        assert mail.cc == [] and mail.bcc == []
        assert mail.subject == "Antrag 2026 von Kreis Unna eingereicht" and mail.body == "Text der Mitteilung"


def test_zurueckgerollt_keine_mail_keine_mitteilung(empfaenger, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as nach_commit:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                benachrichtigen(empfaenger, "Bescheid zur Zeichnung", "Text")
                raise RuntimeError("Die Aktion scheitert nach der Benachrichtigung.")
    assert nach_commit == []
    assert mailoutbox == []
    assert not Benachrichtigung.objects.exists()


def test_mailfehler_macht_die_aktion_nicht_rueckgaengig(empfaenger, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        benachrichtigen(empfaenger[:1], "Bescheid bekanntgegeben", "Text")
    assert Benachrichtigung.objects.filter(empfaenger=empfaenger[0]).exists()
