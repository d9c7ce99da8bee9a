"""Selective proofs: a party proves one of its marks to anyone, offline, with the log's
public key, and the proof holds nothing of any other mark or party."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onetext.store.database import Database
from tests_support import build_small_record, must, run_cli


@pytest.fixture
def proof_setup(db_url: str, database: Database, tmp_path: Path) -> tuple[str, Path, Path]:
    build_small_record(db_url)
    must("mark", "3", "--party", "south", "--stance", "accepted", "--visibility", "private",
         "--note", "SOUTH-PRIVATE-NOTE", "--priority", "1", "--db", db_url)  # fmt: skip
    must("mark", "2", "--party", "north", "--stance", "accepted", "--visibility", "joint",
         "--note", "NORTH-LATER-NOTE", "--db", db_url)  # fmt: skip
    key = tmp_path / "log.pem"
    must("audit", "public-key", "--out", str(key), "--db", db_url)
    return db_url, key, tmp_path


def _prove(db_url: str, out: Path, *args: str) -> None:
    must("audit", "prove", *args, "--out", str(out), "--db", db_url, "-n", "talks")


def test_a_party_proves_its_mark_and_anyone_checks_it_offline(
    proof_setup: tuple[str, Path, Path],
) -> None:
    db_url, key, folder = proof_setup
    proof = folder / "proof.json"
    _prove(db_url, proof, "2", "--party", "north", "--as-member", "n-expert")
    checked = run_cli("audit", "check-proof", str(proof), "--public-key", str(key), "--json")
    assert checked.code == 0, checked.err
    claim = json.loads(checked.out)["claim"]
    assert (claim["party"], claim["point"], claim["stance"]) == ("north", "2", "accepted")
    assert claim["visibility"] == "joint"


def test_the_proof_holds_no_other_partys_data(proof_setup: tuple[str, Path, Path]) -> None:
    db_url, _key, folder = proof_setup
    proof = folder / "proof.json"
    _prove(db_url, proof, "2", "--party", "north", "--as-member", "n-expert")
    text = proof.read_text()
    for secret in ("south", "SOUTH-", "reservations", "s-expert", "NORTH-LATER-NOTE"):
        assert secret not in text, secret  # not even its own note: only a commitment
    data = json.loads(text)
    assert set(data) == {"kind", "event", "inclusion", "checkpoint"}
    # the rest of the log is a handful of hashes, fewer than its events
    assert len(data["inclusion"]) <= data["checkpoint"]["size"].bit_length()
    assert all(len(h) == 64 for h in data["inclusion"])


def test_a_proof_as_of_a_date_shows_the_mark_then_in_force(
    proof_setup: tuple[str, Path, Path], database: Database
) -> None:
    db_url, _key, folder = proof_setup
    proof = folder / "earlier.json"
    _prove(db_url, proof, "2", "--party", "north", "--as-member", "n-expert")
    history = must("history", "2", "--as-member", "n-expert", "--json", "--db", db_url)
    assert "unacceptable" in history and "accepted" in history
    event = json.loads(json.loads(proof.read_text())["event"]["details"])
    assert event["stance"] == "accepted"  # the latest; an earlier date is refused below
    refused = run_cli(
        "audit", "prove", "2", "--party", "north", "--as-member", "n-expert",
        "--as-of", "2001-01-01", "--out", str(folder / "x.json"), "--db", db_url,
    )  # fmt: skip
    assert refused.code == 3
    assert "no mark on point 2 by 2001-01-01" in refused.err


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d["event"].update(details=d["event"]["details"].replace("accepted", "open")),
         "not in the log"),
        (lambda d: d["checkpoint"].update(size=d["checkpoint"]["size"] + 1), "not signed"),
        (lambda d: d["inclusion"].reverse(), "not in the log"),
        (lambda d: d["event"].update(seq=d["event"]["seq"] - 1), "not in the log"),
    ],
)  # fmt: skip
def test_an_edited_proof_is_rejected(
    proof_setup: tuple[str, Path, Path], edit: object, words: str
) -> None:
    db_url, key, folder = proof_setup
    proof = folder / "proof.json"
    _prove(db_url, proof, "2", "--party", "north", "--as-member", "n-expert")
    data = json.loads(proof.read_text())
    if len(data["inclusion"]) < 2 and "reverse" in repr(edit):
        data["inclusion"].append("00" * 32)
    edit(data)  # type: ignore[operator]
    proof.write_text(json.dumps(data))
    checked = run_cli("audit", "check-proof", str(proof), "--public-key", str(key))
    assert checked.code == 6, checked.out + checked.err
    assert words in checked.err


def test_a_proof_checked_with_another_logs_key_is_rejected(
    proof_setup: tuple[str, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    db_url, _key, folder = proof_setup
    proof = folder / "proof.json"
    _prove(db_url, proof, "2", "--party", "north", "--as-member", "n-expert")
    other = tmp_path_factory.mktemp("other") / "other.db"
    build_small_record(str(other))
    other_key = folder / "other.pem"
    must("audit", "public-key", "--out", str(other_key), "--db", str(other))
    checked = run_cli("audit", "check-proof", str(proof), "--public-key", str(other_key))
    assert checked.code == 6
    assert "not signed by this key" in checked.err


@pytest.mark.parametrize(
    ("member", "party"),
    [("s-expert", "north"), ("chief", "north"), ("chief", "envoy")],
)
def test_only_the_party_itself_may_prove_its_mark(
    proof_setup: tuple[str, Path, Path], member: str, party: str
) -> None:
    db_url, _key, folder = proof_setup
    refused = run_cli(
        "audit", "prove", "2", "--party", party, "--as-member", member,
        "--out", str(folder / "p.json"), "--db", db_url,
    )  # fmt: skip
    assert refused.code == 4, refused.out + refused.err
    assert not (folder / "p.json").exists()


def test_the_operator_cannot_prove_a_partys_mark(proof_setup: tuple[str, Path, Path]) -> None:
    db_url, _key, folder = proof_setup
    refused = run_cli(
        "audit", "prove", "3", "--party", "south", "--out", str(folder / "p.json"), "--db", db_url
    )
    assert refused.code == 4, refused.out + refused.err  # revealing is the party's call
    assert "SOUTH-PRIVATE" not in refused.err
    assert not (folder / "p.json").exists()
    allowed = run_cli(
        "audit", "prove", "3", "--party", "south", "--as-member", "s-expert",
        "--out", str(folder / "own.json"), "--db", db_url,
    )  # fmt: skip
    assert allowed.code == 0, allowed.err


def test_a_consistency_proof_exported_by_a_member_checks_offline(
    proof_setup: tuple[str, Path, Path],
) -> None:
    db_url, key, folder = proof_setup
    held = folder / "held.json"
    must("audit", "checkpoint", "--out", str(held), "--as-member", "s-expert", "-n", "talks",
         "--db", db_url)  # fmt: skip
    must("mark", "1", "--party", "south", "--stance", "open", "--db", db_url)
    bundle = folder / "bundle.json"
    must("audit", "consistency", "--checkpoint", str(held), "--out", str(bundle),
         "--as-member", "s-expert", "-n", "talks", "--db", db_url)  # fmt: skip
    checked = run_cli("audit", "check-proof", str(bundle), "--public-key", str(key))
    assert checked.code == 0, checked.err
    assert "extends the one of" in " ".join(checked.out.split())


def test_bad_proof_files_get_one_line(proof_setup: tuple[str, Path, Path]) -> None:
    _db_url, key, folder = proof_setup
    for content in ("not json", "[]", '{"kind": "other"}', '{"kind": "onetext-mark-proof/1"}'):
        path = folder / "bad.json"
        path.write_text(content)
        result = run_cli("audit", "check-proof", str(path), "--public-key", str(key))
        assert result.code == 2, (content, result.err)
        assert "Traceback" not in result.err
        assert len(result.err.strip().splitlines()) == 1
    missing = run_cli("audit", "check-proof", str(folder / "none.json"), "--public-key", str(key))
    assert missing.code == 2
    assert "cannot read the proof" in missing.err
