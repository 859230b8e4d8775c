"""The word index of member names, on PostgreSQL (docs/decisions/0003).

One row per distinct word of each member's folded name (`name_key`), with the member's sort key,
whole key and scope (the path of their province: the first SCOPE_STEPS steps of their cell's
path). Two indexes: `(word, name_sort, member_id) INCLUDE (name_key)` for a national search and
`(scope, word, name_sort, member_id) INCLUDE (name_key)` for a search within provinces. A search
reads the members having a word that starts with one typed word in list order, straight from an
index (one ordered range per distinct word, and per province, merged), and checks the other typed
words on the `name_key` carried in the same index entries, without touching the members' wide rows.

Triggers keep it: on `members_member`, a new member adds its words, a change of name or of cell
replaces them, a deletion (or a TRUNCATE, as the tests' flush does) removes them; on
`organizations_unit`, a unit moved to another province takes its members' words there. The bulk
loader turns the insert trigger off and fills the rows of its members in one statement
(`fill_words`). SQLite (the demo, one province) has no word index and searches with LIKE, with
the same result.
"""

from sotay.organizations.models import Unit

TABLE = "members_member_word"
INDEX = "member_word_idx"
SCOPE_INDEX = "member_word_scope_idx"
INSERT_TRIGGER = "member_words_insert"
# A province: the scope of a word row, and the scope a search must be to read the scoped index.
SCOPE_STEPS = 2
SCOPE_LENGTH = SCOPE_STEPS * Unit.steplen

_WORDS_OF = "SELECT DISTINCT w FROM unnest(string_to_array({key}, ' ')) AS w WHERE w <> ''"

CREATE = [
    f"""CREATE TABLE {TABLE} (
        word text COLLATE "C" NOT NULL,
        name_sort text COLLATE "C" NOT NULL,
        member_id bigint NOT NULL,
        name_key text NOT NULL,
        scope text COLLATE "C" NOT NULL
    )""",
    f"""CREATE FUNCTION member_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM {TABLE}
            WHERE word = ANY (string_to_array(OLD.name_key, ' ')) AND name_sort = OLD.name_sort
              AND member_id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {TABLE} (word, name_sort, member_id, name_key, scope)
            SELECT w, NEW.name_sort, NEW.id, NEW.name_key,
                (SELECT left(path, {SCOPE_LENGTH}) FROM organizations_unit WHERE id = NEW.unit_id)
            FROM ({_WORDS_OF.format(key="NEW.name_key")}) AS words (w);
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION member_words_unit_moved() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {TABLE} w SET scope = left(NEW.path, {SCOPE_LENGTH})
        FROM members_member m
        WHERE m.unit_id = NEW.id AND w.word = ANY (string_to_array(m.name_key, ' '))
          AND w.name_sort = m.name_sort AND w.member_id = m.id;
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION member_words_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE {TABLE};
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {INSERT_TRIGGER} AFTER INSERT ON members_member
        FOR EACH ROW EXECUTE FUNCTION member_words_changed()""",
    """CREATE TRIGGER member_words_update AFTER UPDATE OF name_key, name_sort, unit_id ON members_member
        FOR EACH ROW WHEN (OLD.name_key IS DISTINCT FROM NEW.name_key OR OLD.name_sort IS DISTINCT FROM NEW.name_sort
            OR OLD.unit_id IS DISTINCT FROM NEW.unit_id)
        EXECUTE FUNCTION member_words_changed()""",
    f"""CREATE TRIGGER member_words_unit_moved AFTER UPDATE OF path ON organizations_unit
        FOR EACH ROW WHEN (left(OLD.path, {SCOPE_LENGTH}) IS DISTINCT FROM left(NEW.path, {SCOPE_LENGTH}))
        EXECUTE FUNCTION member_words_unit_moved()""",
    """CREATE TRIGGER member_words_delete AFTER DELETE ON members_member
        FOR EACH ROW EXECUTE FUNCTION member_words_changed()""",
    """CREATE TRIGGER member_words_truncate AFTER TRUNCATE ON members_member
        FOR EACH STATEMENT EXECUTE FUNCTION member_words_truncated()""",
]
# Filled before the indexes are built: one sort each instead of millions of inserts into a btree.
INDEX_SQL = [
    f"CREATE INDEX {INDEX} ON {TABLE} (word, name_sort, member_id) INCLUDE (name_key)",
    f"CREATE INDEX {SCOPE_INDEX} ON {TABLE} (scope, word, name_sort, member_id) INCLUDE (name_key)",
]

DROP = [
    f"DROP TABLE IF EXISTS {TABLE}",
    "DROP TRIGGER IF EXISTS member_words_unit_moved ON organizations_unit",
    "DROP TRIGGER IF EXISTS member_words_truncate ON members_member",
    "DROP TRIGGER IF EXISTS member_words_delete ON members_member",
    "DROP TRIGGER IF EXISTS member_words_update ON members_member",
    f"DROP TRIGGER IF EXISTS {INSERT_TRIGGER} ON members_member",
    "DROP FUNCTION IF EXISTS member_words_truncated()",
    "DROP FUNCTION IF EXISTS member_words_unit_moved()",
    "DROP FUNCTION IF EXISTS member_words_changed()",
]


def fill_words(cursor, first_id: int = 1) -> None:
    """Add the words of the members from id `first_id` on (their insert trigger was off)."""
    cursor.execute(
        f"INSERT INTO {TABLE} (word, name_sort, member_id, name_key, scope) "
        f"SELECT words.w, m.name_sort, m.id, m.name_key, left(u.path, {SCOPE_LENGTH}) "
        "FROM members_member m JOIN organizations_unit u ON u.id = m.unit_id, "
        f"LATERAL ({_WORDS_OF.format(key='m.name_key')}) AS words (w) WHERE m.id >= %s",
        [first_id],
    )


def like_prefix(word: str) -> str:
    """A LIKE pattern for the words starting with `word`, its wildcards escaped."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
