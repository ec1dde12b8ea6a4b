// Package urls finds the links in chat text and judges them: which are
// URL shorteners, which go to denied domains, which are homographs or
// lures, and, for short links, where they really go.
//
// It has three parts:
//
//   - Extract (pure, no I/O) finds every link in a message's text: plain
//     URLs, scheme-less ones ending in a known TLD (mvdan.cc/xurls/v2's
//     relaxed rules and TLD list), Slack's <url|label> and <url>, HTML
//     anchors (Teams, Matrix formatted_body), defanged forms (hxxps://,
//     [.], (dot), [:]...) and full-width or ideographic dots. Each Link
//     has its byte offsets (for removal), a normalised URL, its host in
//     IDNA ASCII and its registrable domain (golang.org/x/net/publicsuffix),
//     and flags: Defanged, MixedScript (a homograph such as a Cyrillic "а"
//     in "аpple.com") and LabelHost (the text shows another site than the
//     link's).
//   - Catalogue (pure) decides about a host: a shortener (the bundled list
//     shorteners.txt, from PeterDaveHello/url-shorteners under CC BY-SA
//     4.0, see shorteners.LICENSE; plus the configured extra domains, less
//     the allowed ones) or a denied domain (a deny entry or a subdomain of
//     one).
//   - Expander (network) follows a short link hop by hop without ever
//     following a redirect blindly: only shortener hosts are contacted,
//     each hop is checked before it is contacted, the address actually
//     dialled is checked after DNS resolution (no private, loopback,
//     link-local, CGNAT, ULA, multicast, unspecified or cloud-metadata
//     address; ports 80 and 443 only), with a hop limit, an overall
//     timeout, no cookies, no proxy, bodies never read beyond a few KiB,
//     and a bounded cache of results (failures kept briefly).
//
// The configuration keys (urls.shorteners.action, .extra_domains, .allow,
// .expand; urls.expand.*; urls.deny) are documented in docs/inspection.md;
// Policy and Expander carry their values.
package urls
