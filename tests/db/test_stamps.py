"""The data stamps (app/db/stamped.py): any change to the register or the watch list raises its counter in
the same transaction, nothing else does, and a cache keyed by the stamp sees a change made through another
session. On both databases."""

from datetime import date, timedelta

from app.db import audit, register, watchlist
from app.db.models import Authorisation, Notification, WatchEntry
from app.db.repository import Author
from app.db.session import Database
from app.db.stamped import Stamped, read_stamp

TODAY = date.today()


def authorisation(number: str) -> Authorisation:
    return Authorisation(
        number=number,
        kind="import",
        holder={"name": "Almaty Chemicals LLP", "aliases": [], "country": "KZ"},
        substance_id="acetic_anhydride",
        quantity=1000.0,
        unit="kg",
        valid_from=TODAY - timedelta(days=1),
        valid_to=TODAY + timedelta(days=30),
        crossings=[],
        created_by="test",
    )


def stamps(db: Database) -> tuple[object, object]:
    with db.transaction() as session:
        return read_stamp(session, "register")[0], read_stamp(session, "watchlist")[0]


def test_each_change_raises_its_own_stamp_and_only_its_own(db: Database) -> None:
    reg0, watch0 = stamps(db)
    assert isinstance(reg0, int) and isinstance(watch0, int)
    with db.transaction() as session:
        register.add(session, authorisation("A-1"))
    assert stamps(db) == (reg0 + 1, watch0)
    with db.transaction() as session:
        note = Notification(
            number="PEN-1",
            exporter={"name": "Urumqi Huaxia Trading", "country": "CN"},
            importer={"name": "Almaty Chemicals LLP", "country": "KZ"},
            substance_id="acetic_anhydride",
            quantity=1000.0,
            unit="kg",
            created_by="test",
        )
        register.add(session, note)
    assert stamps(db) == (reg0 + 2, watch0)
    with db.transaction() as session:
        row = session.query(Authorisation).one()
        register.revoke(session, row, "test", "wrong holder")  # an edit, not an insert
    assert stamps(db) == (reg0 + 3, watch0)
    with db.transaction() as session:
        entry = WatchEntry(
            kind="party", name="Watched LLP", aliases=[], note="x", severity="high", created_by="t"
        )
        watchlist.add(session, entry)
    assert stamps(db) == (reg0 + 3, watch0 + 1)
    with db.transaction() as session:
        watchlist.end(session, session.query(WatchEntry).one(), "test")
    assert stamps(db) == (reg0 + 3, watch0 + 2)


def test_other_writes_and_rolled_back_changes_leave_the_stamps(db: Database) -> None:
    before = stamps(db)
    with db.transaction() as session:
        audit.record(
            session, Author("user", "u1", "Иванова"), "user.create", target_kind="user", target_id="u1"
        )
    assert stamps(db) == before
    try:
        with db.transaction() as session:
            register.add(session, authorisation("A-2"))
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert stamps(db) == before


def test_a_cache_sees_a_change_made_through_another_session(db: Database) -> None:
    loads: list[int] = []

    def load(session: object) -> int:
        loads.append(1)
        with db.transaction() as other:
            return len(register.list_authorisations(other))

    cache: Stamped[int] = Stamped(register.stamp, load)
    with db.transaction() as session:
        assert cache.get(session) == 0
        assert cache.get(session) == 0
    assert len(loads) == 1  # read once while nothing changed
    with db.transaction() as session:
        register.add(session, authorisation("A-3"))
    with db.transaction() as session:
        assert cache.get(session) == 1
    assert len(loads) == 2
