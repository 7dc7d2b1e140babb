"""Fill the English catalogues: the source strings are English, so each empty
msgstr becomes its msgid. Run by `make messages` after makemessages."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    catalogues = [
        path
        for path in ROOT.glob("**/locale/en/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    ]
    for path in catalogues:
        # The header entry comes marked fuzzy from makemessages; it is no translation.
        text = path.read_text(encoding="utf-8")
        text = text.replace('#, fuzzy\nmsgid ""\nmsgstr ""\n', 'msgid ""\nmsgstr ""\n', 1)
        path.write_text(text, encoding="utf-8")
        # A fuzzy entry carries the text of a similar, older string: empty it first,
        # then msgen copies each msgid into its empty msgstr.
        subprocess.run(
            ["msgattrib", "--clear-fuzzy", "--empty", "--no-wrap", "-o", str(path), str(path)],
            check=True,
        )
        filled = subprocess.run(
            ["msgen", "--no-wrap", "--lang=en", str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        path.write_text(filled, encoding="utf-8")
        print(f"filled {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
