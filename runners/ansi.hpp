#pragma once

#include <string>
#include <string_view>

namespace shardline {

/// `text` without terminal escape sequences: CSI (`ESC [ ... m`, the colours
/// Playwright puts in every error message even with FORCE_COLOR=0), OSC
/// (`ESC ] ... BEL` or `... ESC \`, e.g. hyperlinks; their visible text stays),
/// the other string sequences (DCS, SOS, PM, APC) and two-byte escapes.
/// A sequence cut off by the end of the text is dropped. Only 7-bit forms are
/// recognised: in UTF-8 text the 8-bit C1 bytes are parts of characters.
std::string strip_ansi(std::string_view text);

/// The first line of `text` that is not blank, without escape sequences and
/// trimmed: what to quote of a failing command's output in a one-line error.
std::string first_plain_line(std::string_view text);

} // namespace shardline
