"""A generated corpus of hostile news inputs, and ten good files, for the reliability suite.

:func:`write_corpus` writes everything into one folder and returns what each input is
expected to become: ``stored`` (every record of it is stored), ``rejected`` (listed as
rejected, nothing stored), ``mixed`` (some records stored, the others rejected) or
``either`` (stored or rejected, both fine: e.g. a file root can read despite its mode).
All texts are written here (no third-party text).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STORED, REJECTED, MIXED, EITHER = "stored", "rejected", "mixed", "either"

GOOD_TEXTS = [
    "The foreign minister of Norway said on Monday that his government would not support "
    "new sanctions against the northern province, according to the state news agency.",
    "Brazil's ambassador told reporters on Tuesday that the draft resolution on the river "
    "dispute was unacceptable in its present form and would need deep changes.",
    "A spokesman for the Kenyan foreign ministry said the talks in Nairobi had broken down "
    "after the rebels refused to sign the ceasefire text on Wednesday.",
    "Japan's prime minister warned on Thursday that any missile launch over the sea would "
    "be met with a firm response from Tokyo and its allies, officials said.",
    "The German chancellor said on Friday that Berlin was ready to send more humanitarian "
    "aid to the flooded valley and urged donors to follow its example.",
    "Officials in Ankara said the Turkish army had withdrawn two battalions from the border "
    "zone, a move the defence minister described as a gesture of goodwill.",
    "India's envoy to the United Nations said on Saturday that New Delhi would abstain on "
    "any text that singled out one party to the conflict in the mountains.",
    "The Mexican president told a news conference that his country opposed the embargo on "
    "grain shipments and called for an urgent meeting of the regional bloc.",
    "Egypt's foreign ministry said in a statement that Cairo rejected the accusations made "
    "by the neighbouring government about the dam on the upper river.",
    "A senior Chinese diplomat said Beijing supported the mediation effort led by the "
    "African Union and hoped that both sides would return to the table soon.",
]
_WHO = ["delegate of Chile", "foreign minister of Finland", "envoy of Portugal",
        "spokeswoman of the Canadian government", "ambassador of Ghana",
        "defence minister of Poland", "president of Uruguay"]
_SAID = ["the vote on the fisheries accord would be held next month",
         "the summit on ocean policy had been postponed for a year",
         "the border crossing would reopen once the roads were repaired",
         "the trade mission had signed three new agreements",
         "the peacekeepers would stay until the elections were over",
         "no decision had been taken on the new embassy",
         "the grain convoy had reached the harbour safely",
         "talks on the water treaty would resume after the holidays",
         "the sanctions list would be reviewed by a panel of experts",
         "the hostages had been released unharmed late at night",
         "the pipeline project was suspended until further notice"]
_WHERE = ["Lisbon", "Oslo", "Accra", "Warsaw", "Montevideo", "Santiago", "Ottawa", "Helsinki",
          "Lima", "Dakar", "Hanoi", "Quito", "Tunis"]


class _Fillers:
    """A new English sentence at each use, so no two hostile records are the same text."""

    def __init__(self) -> None:
        self.n = 0

    def __getitem__(self, _index: int) -> str:
        self.n += 1
        n = self.n
        return (f"The {_WHO[n % 7]} said in {_WHERE[(n * 5) % 13]} that "
                f"{_SAID[(n * 3) % 11]}, officials added on day {n}.")


PADDING = _Fillers()  # PADDING[i]: a fresh filler sentence (the index is ignored)


@dataclass(frozen=True)
class Case:
    """One hostile input: its path (a file, folder or link) and what should become of it."""

    path: Path
    expect: str
    what: str


def _rss(items: list[tuple[str, str, str]], preamble: str = "") -> str:
    body = "".join(f"<item><title>{t}</title><link>https://feed.example.org/{i}</link>"
                   f"<pubDate>{d}</pubDate><description>{x}</description></item>"
                   for i, (t, d, x) in enumerate(items))
    return (f'<?xml version="1.0"?>{preamble}<rss version="2.0"><channel>'
            f"<title>Example Feed Desk</title>{body}</channel></rss>")


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def write_good(folder: Path) -> list[Path]:
    """Ten good files, one article each, in every built-in format."""
    t = GOOD_TEXTS
    files = {
        "good01.txt": f"Norway Rejects Sanctions\n\n{t[0]}\n",
        "good02.txt": t[1] + "\n",
        "good03.md": f"# Kenyan Talks\n\n{t[2]}\n",
        "good04.jsonl": _jsonl({"title": "Japan warns", "date": "2017-08-29", "text": t[3]}),
        "good05.csv": f'date,title,text\n2015-09-04,Berlin aid,"{t[4]}"\n',
        "good06.tsv": f"date\ttitle\ttext\n2016-03-18\tTroops withdrawn\t{t[5]}\n",
        "good07.rss": _rss([("India abstains", "Sat, 02 Mar 2019 10:00:00 GMT", t[6])]),
        "good08.atom": (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Example Atom</title><id>urn:x</id><updated>2020-01-02T00:00:00Z</updated>"
            "<entry><title>Mexico opposes embargo</title><id>urn:x:1</id>"
            "<published>2020-01-02T00:00:00Z</published><updated>2020-01-02T00:00:00Z"
            f"</updated><content type=\"text\">{t[7]}</content></entry></feed>"),
        "good09.html": (
            "<!DOCTYPE html><html><head><title>Cairo rejects accusations</title>"
            '<meta property="article:published_time" content="2020-06-20T09:30:00Z"></head>'
            f"<body><article><h1>Cairo rejects accusations</h1><p>{t[8]} The statement added "
            "that the technical committee had met three times without result and that the "
            "ministry would publish its own figures on the flow of the river.</p><p>"
            "Diplomats said the dispute would come before the regional council next week, "
            "where both delegations were expected to present their case.</p></article>"
            "</body></html>"),
        "good10.ndjson": _jsonl({"headline": "Beijing backs mediation", "published":
                                 "2021-05-11T08:00:00Z", "content": t[9]}),
    }
    paths = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _writer(folder: Path) -> Callable[[str, bytes | str, str, str], Case]:
    def write(name: str, data: bytes | str, expect: str, what: str) -> Case:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return Case(path, expect, what)

    return write


def _text_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    return [
        w("h_empty.txt", b"", REJECTED, "empty file"),
        w("h_blank.txt", b"   \n\n\t \n", REJECTED, "only whitespace"),
        w("h_binary.txt", bytes(range(256)) * 16, REJECTED, "binary bytes"),
        w("h_png.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, REJECTED, "an image"),
        w("h_nul_late.txt", (PADDING[0] + " the" * 2500).encode() + b"\x00\x00" + b" end.",
          STORED, "NUL bytes after the first 8 KB"),
        w("h_late_text.txt", " " * 20_000 + PADDING[1], STORED, "20 KB of spaces first"),
        w("h_latin1.txt", f"Caf\xe9 talks. {PADDING[0]}".encode("latin-1"), REJECTED, "Latin-1"),
        w("h_cp1252.txt", f"\u201cNo\u201d, {PADDING[0]}".encode("cp1252"), REJECTED, "cp1252"),
        w("h_utf16.txt", f"UTF-16 note\n\n{PADDING[1]}".encode("utf-16"), STORED,
          "UTF-16 with a BOM"),
        w("h_bom.txt", b"\xef\xbb\xbf" + PADDING[2].encode(), STORED, "UTF-8 with a BOM"),
        w("h_controls.txt", f"Title\x1b[31m red\x07\n\n{PADDING[0]} \x1b]0;pwned\x07 \x08\x0b",
          STORED, "terminal escapes and control characters in the text"),
        w("h_markup_title.txt", f"[/red] [bold]Markup[/] title [link=x]\n\n{PADDING[1]}\n",
          STORED, "rich markup in the title"),
        w("h_french.txt", "Le ministre des affaires étrangères a déclaré mardi que son pays "
          "ne soutiendrait pas le projet de résolution présenté au Conseil de sécurité, et il "
          "a ajouté que les négociations devaient reprendre dans les prochains jours à "
          "Genève avec les deux délégations et les observateurs de la mission.",
          REJECTED, "not English"),
        w("h_cyrillic.txt", "Министр иностранных дел заявил, что переговоры продолжатся " * 3,
          REJECTED, "no Latin script"),
        w("h_punctuation.txt", "!!! ??? ... --- ;;; " * 20, REJECTED, "punctuation only"),
        w("h_rtl.txt", f"\u202eEvil\u202c title \u200b\n\n{PADDING[2]}\n", STORED,
          "bidi overrides and zero-width characters"),
        w("h_crlf.txt", f"CRLF title\r\n\r\n{PADDING[0]}\r\n", STORED, "Windows line ends"),
        w("h_long_title.txt", "T" * 5000 + "\n\n" + PADDING[1], STORED, "a 5,000-char title"),
        w("h_over_1m.txt", f"Long text\n\n{PADDING[0]}\n\n" + " " * 1_050_000 + "\n\n"
          + "The Irish minister said on Friday that Dublin would host the next round.\n",
          STORED, "over spaCy's 1,000,000-character limit"),
        w("h_script.html", "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"
          "</head><body><script>alert(1)</script></body></html>", REJECTED,
          "HTML with only a script"),
        w("h_junk.html", b"<<<>>><html\x01\x02<p <<p>>" * 100, REJECTED, "junk markup"),
        w("h_entity_bomb.html", '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaa">'
          + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                    for p, c in zip("abcdefgh", "bcdefghi", strict=True))
          + "]><html><body><p>&i;</p></body></html>", EITHER, "HTML entity bomb"),
        w("h_script_title.html", "<!DOCTYPE html><html><head><title>&lt;script&gt;alert(1)"
          "&lt;/script&gt; [/red]</title></head><body><article><h1>Markup</h1><p>"
          f"{PADDING[0]} {PADDING[1]} {PADDING[2]} The envoy said the meeting was productive and "
          "that a statement would follow later in the week after consultations.</p>"
          "</article></body></html>", STORED, "<script> and [/red] in an HTML title"),
    ]


def _json_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    deep = "[" * 100_000 + "]" * 100_000
    deep_obj = '{"a":' * 100_000 + "1" + "}" * 100_000
    return [
        w("h_deep.jsonl", deep + "\n" + _jsonl({"text": PADDING[0]}), MIXED, "JSON 100,000 deep"),
        w("h_deep_obj.jsonl", deep_obj + "\n", REJECTED, "objects 100,000 deep"),
        w("h_deep_text.jsonl", '{"text": ' + deep + "}\n", REJECTED, "a nested text field"),
        w("h_huge_line.jsonl", b'{"text": "' + b"a " * 8_500_000 + b'"}\n'
          + _jsonl({"text": PADDING[1]}).encode(), MIXED, "a 17 MB line"),
        w("h_not_object.jsonl", "[1, 2, 3]\n\"text\"\nnull\n", REJECTED, "not objects"),
        w("h_no_text.jsonl", _jsonl({"title": "no text here"}), REJECTED, "no text field"),
        w("h_text_number.jsonl", _jsonl({"text": 12345}), REJECTED, "text not a string"),
        w("h_text_object.jsonl", _jsonl({"text": {"nested": "x"}}), REJECTED,
          "text an object"),
        w("h_invalid.jsonl", '{"text": "unterminated\n{text: bare}\n', REJECTED,
          "invalid JSON"),
        w("h_truncated.jsonl", _jsonl({"text": PADDING[2]}) + '{"text": "cut', MIXED,
          "truncated last line"),
        w("h_bigint.jsonl", '{"text": "x", "n": ' + "9" * 5000 + "}\n", REJECTED,
          "an integer of 5,000 digits"),
        w("h_surrogate.jsonl", '{"text": "' + PADDING[0] + ' \\ud800 end"}\n', STORED,
          "a lone surrogate escape"),
        w("h_nul_escape.jsonl", '{"text": "' + PADDING[0] + ' \\u0000 end"}\n', STORED,
          "a NUL escape (PostgreSQL cannot store NUL)"),
        w("h_latin1_line.jsonl", _jsonl({"text": PADDING[1]}).encode()
          + '{"text": "caf\xe9"}\n'.encode("latin-1"), MIXED, "one Latin-1 line"),
        w("h_utf16.jsonl", _jsonl({"text": PADDING[0]}).encode("utf-16"), REJECTED,
          "UTF-16 JSONL"),
        w("h_markup.jsonl", _jsonl({"title": "[/red] <script>alert(1)</script> [/]",
                                    "source": "[bold]x[/bold]", "text": PADDING[1]}),
          STORED, "markup in title and source"),
        w("h_blank_lines.jsonl", "\n\n   \n" + _jsonl({"text": PADDING[2]}) + "\n\n", STORED,
          "blank lines"),
    ]


def _date_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    cases = []
    for i, bad in enumerate(["2011-13-45", "0000-00-00", "31/02/2011", "yesterday",
                             "next friday", "2099-01-01", "1900-05-05", "Friday",
                             "20110819", "soon", "2011-02-29"]):
        text = f"The envoy number {i} said on the day of the vote that {PADDING[i % 3]}"
        cases.append(w(f"h_date_{i:02d}.jsonl", _jsonl({"date": bad, "text": text}),
                       REJECTED, f"bad date {bad!r}"))
    cases.append(w("h_date_ok_forms.csv", "date,text\n"
                   f'"19 August 2011","{PADDING[0]} One."\n'
                   f'"Aug. 20, 2011","{PADDING[1]} Two."\n'
                   f'"Sun, 21 Aug 2011 10:00:00 GMT","{PADDING[2]} Three."\n',
                   STORED, "other date forms"))
    return cases


def _csv_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    return [
        w("h_bad_rows.csv", "date,text\n"
          f'2012-01-01,"{PADDING[0]} First."\n'
          '2012-01-02,"A stray "quote" here",extra\n'
          f'2012-01-03,"{PADDING[1]} Third."\n'
          "2012-01-04,too,many,fields\n"
          f'2012-01-05,"{PADDING[2]} Fifth."\n', MIXED, "bad rows between good ones"),
        w("h_unclosed.csv", "date,text\n"
          f'2013-01-01,"{PADDING[0]} One."\n'
          '2013-01-02,"this quote is never closed\n'
          f'2013-01-03,"{PADDING[1]} Three."\n'
          f'2013-01-04,"{PADDING[2]} Four."\n', MIXED, "an unclosed quote"),
        w("h_no_text_col.csv", "date,title\n2014-01-01,Nothing\n", REJECTED, "no text column"),
        w("h_header_only.csv", "date,text\n", REJECTED, "a header and no rows"),
        w("h_nul_row.csv", f'date,text\n2014-02-01,"{PADDING[0]} Ok.{" the" * 3000}"\n'
          '2014-02-02,"bad \x00 row"\n', STORED, "a NUL byte in a row after 8 KB (a space)"),
        w("h_nul_head.csv", 'date,text\n2014-02-03,"bad \x00 row"\n', REJECTED,
          "a NUL byte in the first 8 KB (binary)"),
        w("h_latin1_row.csv", f'date,text\n2014-03-01,"{PADDING[1]} Ok."\n'.encode()
          + '2014-03-02,"caf\xe9 row"\n'.encode("latin-1"), MIXED, "one Latin-1 row"),
        w("h_utf16.csv", f"date,text\n2014-04-01,{PADDING[0]}\n".encode("utf-16"), REJECTED,
          "UTF-16 CSV"),
        w("h_crlf.csv", f'date,text\r\n2014-05-01,"{PADDING[2]} Windows."\r\n', STORED,
          "CRLF rows"),
        w("h_bad_date_row.csv", f'date,text\n2011-13-45,"{PADDING[0]} Bad."\n'
          f'2014-06-01,"{PADDING[1]} Ok."\n',
          MIXED, "a bad date in one row"),
        w("h_markup.csv", f'title,text\n"[/red]<script>alert(1)</script>","{PADDING[2]} Markup."\n',
          STORED, "markup in a CSV title"),
        w("h_big_field.csv", 'date,text\n2014-07-01,"' + "word " * 40_000 + '"\n',
          REJECTED, "a 200,000-character field of one word (not English)"),
    ]


def _feed_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    bomb = ('<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
            + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                      for p, c in zip("abcdefgh", "bcdefghi", strict=True)) + "]>")
    xxe = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return [
        w("h_future.rss", _rss([("Future", "Thu, 01 Jan 2099 10:00:00 GMT", PADDING[0])]),
          REJECTED, "an RSS date of 2099"),
        w("h_old.rss", _rss([("Old", "Mon, 01 Jan 1900 10:00:00 GMT", PADDING[1])]), REJECTED,
          "an RSS date of 1900"),
        w("h_bad_pubdate.rss", _rss([("Bad", "the day after tomorrow", PADDING[2])]), REJECTED,
          "an unreadable pubDate"),
        w("h_mixed.rss", _rss([("Good", "Tue, 02 Mar 2010 10:00:00 GMT", PADDING[0] + " Feed."),
                               ("Future", "Fri, 01 Jan 2100 10:00:00 GMT", PADDING[1])]), MIXED,
          "one good and one future entry"),
        w("h_bomb.rss", _rss([("&i;", "Tue, 02 Mar 2010 10:00:00 GMT", "&i;")], bomb), EITHER,
          "billion laughs"),
        w("h_xxe.rss", _rss([("XXE", "Tue, 02 Mar 2010 10:00:00 GMT",
                              f"{PADDING[2]} &xxe; Then more.")], xxe), EITHER,
          "an external entity"),
        w("h_not_xml.rss", "this is not a feed at all, just words " * 5, REJECTED,
          "not XML"),
        w("h_empty_feed.atom", '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/'
          'Atom"><title>Nothing</title></feed>', REJECTED, "a feed without entries"),
        w("h_markup.rss", _rss([("[/red] &lt;script&gt;alert(1)&lt;/script&gt;",
                                 "Tue, 02 Mar 2010 10:00:00 GMT", PADDING[1] + " Title.")]),
          STORED, "markup in an RSS title"),
        w("h_truncated.xml", _rss([("Cut", "Tue, 02 Mar 2010 10:00:00 GMT",
                                    PADDING[2] + " Cut.")])[:-40], EITHER, "a truncated feed"),
    ]


def _name_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    cases = [
        w("h_bell\x07name.txt", f"{PADDING[0]} Bell.", STORED, "a BEL in the file name"),
        w("h_esc\x1b[31mred.txt", f"{PADDING[1]} Escape.", STORED, "a terminal escape in the name"),
        w("h_new\nline.txt", f"{PADDING[2]} Newline.", STORED, "a newline in the file name"),
        w("h_[bold]markup[blink].txt", f"{PADDING[0]} Bracket.", STORED, "markup in the name"),
        w("h_tab\tname.txt", b"\x00binary", REJECTED, "a tab in the name, binary inside"),
    ]
    (folder / "h_markup[").mkdir()  # the path reads "h_markup[/red].txt"
    cases.append(w("h_markup[/red].txt", f"{PADDING[1]} Closing tag.", STORED,
                   "a closing markup tag across a folder and a file name"))
    cases.append(w("h_markup[/bad].txt", b"\x00\x01", REJECTED,
                   "a closing markup tag in the name of a rejected file"))
    raw = os.fsencode(folder) + b"/h_caf\xe9_bytes.txt"  # a file name that is not UTF-8
    with open(raw, "wb") as handle:
        handle.write(f"{PADDING[1]} Not UTF-8 name.".encode())
    cases.append(Case(Path(os.fsdecode(raw)), STORED, "a non-UTF-8 file name"))
    return cases


def _special_cases(folder: Path) -> list[Case]:
    w = _writer(folder)
    cases = []
    loop = folder / "h_loop.txt"
    loop.symlink_to(loop.name)
    cases.append(Case(loop, REJECTED, "a link to itself"))
    (folder / "h_ping.txt").symlink_to("h_pong.txt")
    (folder / "h_pong.txt").symlink_to("h_ping.txt")
    cases += [Case(folder / "h_ping.txt", REJECTED, "a link loop"),
              Case(folder / "h_pong.txt", REJECTED, "a link loop")]
    dangling = folder / "h_dangling.txt"
    dangling.symlink_to("does-not-exist.txt")
    cases.append(Case(dangling, REJECTED, "a dangling link"))
    sub = folder / "h_subdir"
    sub.mkdir()
    (sub / "h_up").symlink_to("..")
    cases.append(Case(sub / "h_up", REJECTED, "a link to a parent folder"))
    locked = w("h_unreadable.txt", f"{PADDING[2]} Locked.", EITHER, "mode 000 (root reads it)")
    locked.path.chmod(0)
    cases.append(locked)
    (folder / "h_dir.txt").mkdir()
    cases.append(Case(folder / "h_dir.txt", REJECTED, "an empty folder named like a file"))
    (folder / "h_dir2.jsonl").mkdir()
    (folder / "h_dir2.jsonl" / "inner.txt").write_text(f"{PADDING[0]} Inside.", encoding="utf-8")
    cases.append(Case(folder / "h_dir2.jsonl" / "inner.txt", STORED,
                      "a file in a folder named like a file"))
    fifo = folder / "h_fifo.txt"
    os.mkfifo(fifo)
    cases.append(Case(fifo, REJECTED, "a named pipe (reading it would block)"))
    cases.append(w("h_duplicate.txt", GOOD_TEXTS[0] + "\n", STORED, "a copy of a good text"))
    return cases


def write_corpus(folder: Path) -> tuple[list[Path], list[Case]]:
    """Write the ten good files and the hostile inputs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    good = write_good(folder)
    cases = [*_text_cases(folder), *_json_cases(folder), *_date_cases(folder),
             *_csv_cases(folder), *_feed_cases(folder), *_name_cases(folder),
             *_special_cases(folder)]
    return good, cases
