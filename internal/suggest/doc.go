// Package suggest finds the name a misspelt configuration macro was meant
// to be: one engine for lwIP options, ESP-IDF sdkconfig names and
// FreeRTOS+TCP ipconfig macros, so that every "did you mean" follows the
// same rules.
//
// The distance is the optimal string alignment distance (Damerau-Levenshtein
// restricted to edits that do not overlap): insertions, deletions,
// substitutions and transpositions of adjacent characters each count 1, so
// TCP_WDN is one edit from TCP_WND. A candidate is only suggested when it
// is plausible: at most two edits, and, word by word (words are the parts
// between underscores), at most one edit per three characters of the word,
// so LWIP_UPNP (two edits in the four-letter UPNP) does not suggest
// LWIP_UDP and TAPIF_DEBUG does not suggest TCPIP_DEBUG.
package suggest
