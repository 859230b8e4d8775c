"""The demo's notices: every level publishes, some are scheduled, the demo member has read most."""

from django.utils import timezone

from sotay.devdata.handbook import PER_YEAR, seed_handbook
from sotay.handbook import selectors
from sotay.handbook.models import Notice
from sotay.organizations.models import UnitKind
from tests.factories import UserFactory


def test_a_year_of_notices_from_every_level(tree):
    UserFactory(username="province")
    member = UserFactory(username="member")
    member.member = tree.an
    member.save()
    facts = seed_handbook(tree.province)
    by_kind = {kind: Notice.objects.filter(unit__kind=kind).count() for kind in PER_YEAR}
    assert by_kind == {
        UnitKind.PROVINCE: 60, UnitKind.DISTRICT: 2 * 24, UnitKind.GRASSROOTS: 2 * 12, UnitKind.CELL: 3 * 6
    }  # fmt: skip
    assert facts["notices"] == sum(by_kind.values())
    page = selectors.feed_page(member, size=200)
    read = [n for n in page.notices if n.is_read]
    assert len(read) == facts["notices read by member"] > len(page.notices) / 2
    assert page.unread == len(page.notices) - len(read) > 0, "the last fortnight is half unread"
    assert Notice.objects.filter(publish_at__gt=timezone.now()).count() == facts["notices scheduled"] > 0
