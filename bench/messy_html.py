#!/usr/bin/env python3
"""Makes an HTML page messy the way hand-edited government pages are (issue #7).

    python3 bench/messy_html.py IN.html OUT.html

Drops every </p>, </td> and </li> end tag (the parser implies them) and puts a
stray end tag that closes nothing (</span>, </font>, </b> or </em>, none of
them open there) before every fifth paragraph. Works on bytes, so a GBK page
stays GBK.
"""
import re
import sys

STRAY = [b"</span>", b"</font>", b"</b>", b"</em>"]


def messy(data: bytes) -> bytes:
    data = re.sub(rb"</(p|td|li)>", b"", data, flags=re.I)
    out, count = [], 0
    for piece in re.split(rb"(?=<p[ >])", data):
        if piece.startswith(b"<p"):
            count += 1
            if count % 5 == 0:
                piece = STRAY[(count // 5) % len(STRAY)] + piece
        out.append(piece)
    return b"".join(out)


def main() -> None:
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    with open(sys.argv[2], "wb") as f:
        f.write(messy(data))


if __name__ == "__main__":
    main()
