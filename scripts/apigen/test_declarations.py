"""The generator refuses declarations that would corrupt data or drift: a field number reused or
retyped, an enum value moved or removed, a status renumbered, a registry line removed, two fields
on one number, misspelt keys, unknown types, statuses and roles, names declared twice, a function
without its section in C_API.md, a stale generated file. Run by `make generate-check` (python3 -m unittest)."""

import re
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import registry  # noqa: E402
from declarations import DeclarationError, load  # noqa: E402


class Tree:
    """A copy of what the generator reads (api/, the types header, C_API.md), to edit and break."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="apigen-test-"))
        for path in ("api", "Sources/CBoxOfficeTypes/include", "docs"):
            shutil.copytree(ROOT / path, self.dir / path)

    def edit(self, path: str, old: str, new: str) -> None:
        target = self.dir / path
        text = target.read_text()
        if old not in text:
            raise AssertionError(f"{old!r} is not in {path}")
        target.write_text(text.replace(old, new, 1))

    def close(self) -> None:
        shutil.rmtree(self.dir)


class RegistryTests(unittest.TestCase):
    def setUp(self) -> None:
        self.tree = Tree()
        self.addCleanup(self.tree.close)

    def registry_text(self, committed: str | None = None) -> str:
        return registry.updated(load(self.tree.dir), self.tree.dir / registry.PATH, committed)

    def test_the_committed_registry_is_complete(self) -> None:
        self.assertEqual(self.registry_text(), (ROOT / registry.PATH).read_text())

    def test_a_reused_number_fails(self) -> None:
        # maxPerOrder (16) removed, and its number given to a new field.
        self.tree.edit("api/model.toml", '{ n = 16, name = "maxPerOrder"', '{ n = 30, name = "maxPerOrder"')
        self.tree.edit("api/model.toml", '{ n = 20, name = "sortOrder", type = "int64", default = 0,',
                       '{ n = 20, name = "sortOrder", type = "int64", default = 0 },\n'
                       '  { n = 16, name = "perOrderCap", type = "int64", default = 0,')
        with self.assertRaisesRegex(DeclarationError, r"TicketType field 16 is declared as perOrderCap .* maxPerOrder"):
            self.registry_text()

    def test_a_changed_type_fails(self) -> None:
        self.tree.edit("api/model.toml", '{ n = 16, name = "maxPerOrder", type = "int64"', '{ n = 16, name = "maxPerOrder", type = "string"')
        with self.assertRaisesRegex(DeclarationError, r"maxPerOrder \(string\), but registry.txt has it as maxPerOrder \(int64\)"):
            self.registry_text()

    def test_making_a_field_optional_is_no_change_of_type(self) -> None:
        self.tree.edit("api/model.toml", '{ n = 16, name = "maxPerOrder", type = "int64", default = 10,',
                       '{ n = 16, name = "maxPerOrder", type = "int64?",')
        self.assertEqual(self.registry_text(), (ROOT / registry.PATH).read_text())

    def test_a_new_field_is_appended_and_old_lines_stay(self) -> None:
        self.tree.edit("api/model.toml", '{ n = 17, name = "notes", type = "string", doc = "Cancellation and refund reasons, one per line." },',
                       '{ n = 24, name = "channel", type = "string" },')
        text = self.registry_text()
        self.assertTrue(text.startswith((ROOT / registry.PATH).read_text()))
        self.assertTrue(text.endswith("field Order 24 channel string\n"))
        self.assertIn("field Order 17 notes string\n", text)  # retired, still taken

    def test_enum_values_keep_their_places_and_stay(self) -> None:
        cases = [
            ('values = ["active", "converted", "released", "expired"]', 'values = ["active", "released", "converted", "expired"]',
             "enum HoldStatus has 'released' in place 1, where registry.txt has 'converted'"),
            ('values = ["active", "converted", "released", "expired"]', 'values = ["active", "converted", "released"]',
             "enum HoldStatus lost its value 'expired'"),
        ]
        for old, new, message in cases:
            with self.subTest(message):
                self.tree = Tree()
                self.addCleanup(self.tree.close)
                self.tree.edit("api/model.toml", old, new)
                with self.assertRaisesRegex(DeclarationError, message):
                    self.registry_text()

    def test_a_new_enum_value_is_appended(self) -> None:
        self.tree.edit("api/model.toml", '"refunded", "partially_refunded", "expired"]\ngo = { type = "OrderStatus"',
                       '"refunded", "partially_refunded", "expired", "on_hold"]\ngo = { type = "OrderStatus"')
        text = self.registry_text()
        self.assertTrue(text.startswith((ROOT / registry.PATH).read_text()))
        self.assertTrue(text.endswith("enum OrderStatus 6 on_hold\n"))

    def test_status_numbers_keep_their_names_and_stay(self) -> None:
        self.tree.edit("api/statuses.toml", "value = 27", "value = 29")
        with self.assertRaisesRegex(DeclarationError, "status 27 \\(BO_NOT_A_STORE\\) is gone"):
            self.registry_text()

    def test_a_committed_line_removed_fails(self) -> None:
        committed = (self.tree.dir / registry.PATH).read_text()
        lines = committed.splitlines(keepends=True)
        (self.tree.dir / registry.PATH).write_text("".join(line for line in lines if "TicketType 16 " not in line))
        with self.assertRaisesRegex(DeclarationError, "the committed line 'field TicketType 16 maxPerOrder int64' was edited or removed"):
            self.registry_text(committed)


class DeclarationTests(unittest.TestCase):
    def setUp(self) -> None:
        self.tree = Tree()
        self.addCleanup(self.tree.close)

    def test_two_fields_on_one_number_fail(self) -> None:
        self.tree.edit("api/model.toml", '{ n = 41, name = "sold", type = "int64"', '{ n = 40, name = "sold", type = "int64"')
        with self.assertRaisesRegex(DeclarationError, "fields held and sold share the number 40"):
            load(self.tree.dir)

    def test_a_details_number_clashing_with_its_record_fails(self) -> None:
        self.tree.edit("api/model.toml", '{ n = 40, name = "held", type = "int64", doc = "Tickets in active holds not yet swept." }',
                       '{ n = 14, name = "held", type = "int64", doc = "Tickets in active holds not yet swept." }')
        with self.assertRaisesRegex(DeclarationError, "record TicketType: fields held and quantity share the number 14"):
            load(self.tree.dir)

    def test_a_version_number_that_does_not_follow_from_its_parts_fails(self) -> None:
        tree = Tree()
        self.addCleanup(tree.close)
        header = "Sources/CBoxOfficeTypes/include/boxoffice_types.h"
        minor = int(re.search(r"#define BOXOFFICE_VERSION_MINOR (\d+)", (tree.dir / header).read_text()).group(1))
        tree.edit(header, "#define BOXOFFICE_VERSION_MINOR ", f"#define BOXOFFICE_VERSION_MINOR {minor + 1}\n#define UNUSED_OLD_MINOR ")
        with self.assertRaisesRegex(DeclarationError, "BOXOFFICE_VERSION_NUMBER is \\d+, not \\d+"):
            load(tree.dir).version

    def test_unknown_types_statuses_and_bad_defaults_fail(self) -> None:
        cases = [
            ("api/model.toml", '{ n = 41, name = "sold", type = "int64"', '{ n = 41, name = "sold", type = "int65"', "unknown type int65"),
            ("api/model.toml", 'default = "draft"', 'default = "drafted"', "'drafted' is not a EventStatus"),
            ("api/operations.toml", '"DUPLICATE: slug", "PERMISSION_DENIED: `actor_id` not NULL"', '"DUPLICATES", "PERMISSION_DENIED"',
             "unknown status DUPLICATES"),
            ("api/operations.toml", '{ name = "event_id", type = "uuid" }]', '{ name = "event_id", type = "guid" }]', "unknown type 'guid'"),
            # Misspelt and misplaced keys are named, never ignored.
            ("api/operations.toml", 'lookup = "ticket"', 'lookpu = "ticket"', "bo_ticket_get: unknown key 'lookpu' \\(did you mean lookup\\?\\)"),
            ("api/operations.toml", 'python = { name = "create_hold" }', 'python = { nmae = "create_hold" }', "bo_hold_create_voucher python: unknown key 'nmae'"),
            ("api/operations.toml", '{ name = "event_id", type = "uuid" }]', '{ name = "event_id", tpye = "uuid" }]', "parameter event_id: unknown key 'tpye'"),
            ("api/model.toml", 'indexes = [', 'indexs = [', "unknown key 'indexs' \\(did you mean indexes\\?\\)"),
            ("api/model.toml", '{ n = 41, name = "sold"', '{ n = "41", name = "sold"', "field sold: n = '41' is not an integer"),
            ("api/statuses.toml", "[[status]]", "[[stauses]]", "unknown key 'stauses'"),
            ("api/model.toml", "[enum.Role]", "[enum.Role", "api/model.toml: Expected .\]. at the end of a table declaration \\(at line"),
            # Names declared twice, and values of the wrong kind.
            ("api/model.toml", '"accepted", "rejected"]', '"accepted", "rejected", "accepted"]', "enum CheckInResult: the value 'accepted' is declared twice"),
            ("api/statuses.toml", "value = 28", "value = 27", "the status number 27 is declared twice"),
            ("api/operations.toml", 'python = { name = "ticket_by_id" }', 'python = { name = "ticket" }', "the Python method 'ticket' is declared twice"),
            ("api/operations.toml", 'role = "manager"', 'role = "mangaer"', "role = 'mangaer' is not one of"),
            ("api/operations.toml", 'default = 600000', 'default = "10m"', "parameter ttl_ms's default '10m' is not a duration"),
        ]
        for path, old, new, message in cases:
            with self.subTest(message):
                tree = Tree()
                try:
                    tree.edit(path, old, new)
                    with self.assertRaisesRegex(DeclarationError, message):
                        load(tree.dir)
                finally:
                    tree.close()


class GeneratedFilesTests(unittest.TestCase):
    def test_a_stale_file_fails_the_check_and_generate_repairs_it(self) -> None:
        """On a scratch copy of the repository's generated inputs and outputs."""
        with tempfile.TemporaryDirectory(prefix="apigen-check-") as scratch:
            copy = Path(scratch) / "repo"
            subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(copy)], check=True)
            for path in subprocess.run(["git", "-C", str(ROOT), "ls-files", "-m", "-o", "--exclude-standard"],
                                       capture_output=True, text=True, check=True).stdout.split():
                if (ROOT / path).is_file():
                    (copy / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(ROOT / path, copy / path)
            generator = [sys.executable, str(copy / "scripts/apigen")]
            self.assertEqual(subprocess.run(generator + ["--check"], capture_output=True).returncode, 0)
            model = copy / "bindings/python/boxoffice/_types.py"
            model.write_text(model.read_text().replace("max_per_order: int = 10", "max_per_order: int = 11"))
            stale = subprocess.run(generator + ["--check"], capture_output=True, text=True)
            self.assertEqual(stale.returncode, 1)
            self.assertIn("bindings/python/boxoffice/_types.py", stale.stderr)
            self.assertEqual(subprocess.run(generator, capture_output=True).returncode, 0)
            self.assertIn("max_per_order: int = 10", model.read_text())
            self.assertEqual(subprocess.run(generator + ["--check"], capture_output=True).returncode, 0)
            # A file left in a generated folder (a renamed topic's old exports) is stale, and goes.
            stray = copy / "Sources/BoxOfficeC/Generated/Tix.swift"
            stray.write_text("// an old topic's exports\n")
            stale = subprocess.run(generator + ["--check"], capture_output=True, text=True)
            self.assertEqual(stale.returncode, 1)
            self.assertIn("Sources/BoxOfficeC/Generated/Tix.swift", stale.stderr)
            self.assertEqual(subprocess.run(generator, capture_output=True).returncode, 0)
            self.assertFalse(stray.exists())

    def test_a_function_with_two_sections_fails(self) -> None:
        tree = Tree()
        try:
            text = (tree.dir / "docs/C_API.md").read_text()
            start = text.index("#### bo_tickets_list")
            end = text.index("#### ", start + 5)
            (tree.dir / "docs/C_API.md").write_text(text[:end] + text[start:end] + text[end:])
            import docs

            with self.assertRaisesRegex(DeclarationError, "bo_tickets_list has two sections"):
                docs.rewrite(load(tree.dir), (tree.dir / "docs/C_API.md").read_text())
        finally:
            tree.close()

    def test_a_new_section_gets_its_prototype_and_statuses_and_keeps_its_example(self) -> None:
        """The recipe's step 4: a heading, a sentence and an example are enough."""
        import docs

        text = (ROOT / "docs/C_API.md").read_text()
        start = text.index("#### bo_tickets_list")
        end = text.index("#### ", start + 5)
        section = text[start:end]
        example = section[section.index("```c", section.index("**Statuses.**")):]
        sentence = "The tickets of an order.\n\n"
        bare = "#### bo_tickets_list\n\n" + sentence + example
        api = load(ROOT)
        done = docs.rewrite(api, text[:start] + bare + text[end:])
        rebuilt = done[start:done.index("#### ", start + 5)]
        self.assertIn(example, rebuilt)
        self.assertLess(rebuilt.index("bo_status bo_tickets_list("), rebuilt.index(sentence))
        self.assertLess(rebuilt.index(sentence), rebuilt.index("**Statuses.**"))
        self.assertLess(rebuilt.index("**Statuses.**"), rebuilt.index(example))
        self.assertEqual(docs.rewrite(api, done), done)  # and it stays so

    def test_a_function_without_a_section_fails(self) -> None:
        tree = Tree()
        try:
            text = (tree.dir / "docs/C_API.md").read_text()
            start = text.index("#### bo_tickets_list")
            end = text.index("#### ", start + 5)
            (tree.dir / "docs/C_API.md").write_text(text[:start] + text[end:])
            import docs

            api = load(tree.dir)
            with self.assertRaisesRegex(DeclarationError, "no section .* for bo_tickets_list"):
                docs.rewrite(api, (tree.dir / "docs/C_API.md").read_text())
        finally:
            tree.close()


if __name__ == "__main__":
    unittest.main()
