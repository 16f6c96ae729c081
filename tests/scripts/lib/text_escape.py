"""SPEC §4: how the text report shows a value, written from the SPEC, not from abp. Shared by
the script tests that predict text output (formats_parse_back.sh, generated_catalogues.sh)."""


def terminal_safe(value):
    """The value as the text report prints it: "(unknown)" when empty; C0 controls and DEL as
    \\xHH; C1 controls, the line and paragraph separators and the bidirectional controls as
    \\uHHHH; every other character as it is."""
    if value == "":
        return "(unknown)"
    out = []
    for ch in value:
        c = ord(ch)
        if c < 0x20 or c == 0x7F:
            out.append(f"\\x{c:02x}")
        elif 0x80 <= c <= 0x9F or 0x2028 <= c <= 0x202E or 0x2066 <= c <= 0x2069:
            out.append(f"\\u{c:04x}")
        else:
            out.append(ch)
    return "".join(out)
