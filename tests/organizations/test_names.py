from sotay.organizations import services
from sotay.organizations.models import Unit, UnitKind
from sotay.organizations.selectors import unit_page


def test_a_name_that_folds_longer_fits_its_key_and_is_found(tree):
    # "ﬃ" folds to "ffi": a name of the longest allowed length gives a key three times as long,
    # which PostgreSQL would refuse in a column sized like the name.
    longest = Unit._meta.get_field("name").max_length
    name = "Chi bộ " + "ﬃ" * (longest - 7)
    unit = services.unit_create(
        actor=tree.district_officer, parent=tree.commune_a, code="CA9", name=name, kind=UnitKind.CELL, sector="commune"
    )
    assert unit.name_key == "chi bo " + "ffi" * (longest - 7)
    found, _next = unit_page(tree.district_officer, parent=None, q="ffiffi", after="", limit=10)
    assert found == [unit]
