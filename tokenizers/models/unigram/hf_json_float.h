// The f64 HF tokenizers reads for a JSON number. serde_json (without its float_roundtrip
// feature, as tokenizers builds it) parses "d1d2…dn" with decimal exponent e as
// (significand as f64) * or / 10^|e| — two roundings — so a 17-digit score may come out one
// ulp away from the correctly rounded value; and Unigram's Viterbi breaks exact ties on such
// last bits. This reproduces that arithmetic from the shortest decimal form of the correctly
// rounded value, which is the text HF (ryu) and Python write.
#pragma once

namespace tokenmill {

double HfJsonF64(double correctly_rounded);

}  // namespace tokenmill
