"""The other side of the side-by-side bench (bench/sidebyside.sh):
pandas.read_html on each page, paths one a line on stdin. The charset comes
from the page's <meta> (GBK pages say gb2312; read as GB18030, its superset),
else UTF-8. Prints pages, tables and cells read, like bench/gumbo_walk.cc."""
import io
import re
import sys
import warnings

import pandas as pd

warnings.simplefilter("ignore")
CHARSET = re.compile(rb"charset=[\"']?([A-Za-z0-9_-]+)", re.I)


def text_of(raw):
    m = CHARSET.search(raw[:4096])
    enc = m.group(1).decode("ascii").lower() if m else "utf-8"
    if enc in ("gb2312", "gbk", "gb18030"):
        enc = "gb18030"
    return raw.decode(enc, errors="replace")


def main():
    flavor = sys.argv[1] if len(sys.argv) > 1 else "lxml"
    pages = tables = cells = 0
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        with open(path, "rb") as f:
            raw = f.read()
        try:
            frames = pd.read_html(io.StringIO(text_of(raw)), flavor=flavor)
        except ValueError:  # no table
            frames = []
        pages += 1
        tables += len(frames)
        cells += sum(df.size for df in frames)
    print("pages %d tables %d cells %d" % (pages, tables, cells))


if __name__ == "__main__":
    main()
