from sotay.organizations.selectors import unit_labels


def test_a_unit_is_labelled_with_its_code_where_the_unit_above_is_not_named(tree):
    """One label for a unit by name and code, shared by the confirmation pages and the "code taken" error."""
    assert tree.cell_a2.label == "Chi bộ thôn Hai (CA2)"
    # The district officer does not see the province above their district.
    assert unit_labels(tree.district_officer, tree.district_a) == [tree.district_a.label]
