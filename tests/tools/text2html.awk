# text2html.awk: a text document as a web page, the way a CMS would publish
# it: '#' lines as h1-h6, '- ' and '* ' lines as list items, other lines of a
# block as one paragraph with <br> between its lines, tables of '|' rows as
# tables; page furniture (a cookie banner, navigation, breadcrumbs, a footer,
# a script) around a <main>. Used by tests/scripts/formats.sh to check that a
# page's HTML gives the same paragraphs as its text.
function esc(s) {
  gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
  return s
}
function close_p() { if (in_p) { printf "</p>\n"; in_p = 0 } }
function close_ul() { if (in_ul) { printf "</ul>\n"; in_ul = 0 } }
BEGIN {
  print "<!DOCTYPE html>"
  print "<html lang=\"en\"><head><meta charset=\"utf-8\">"
  print "<title>" esc(title) "</title>"
  print "<script>window.dataLayer = [{'page': '<p>not text</p>'}];</script>"
  print "</head><body>"
  print "<a class=\"govuk-skip-link\" href=\"#main\">Skip to main content</a>"
  print "<div class=\"cookie-banner\" role=\"region\"><p>We use cookies to make this site work.</p><button>Accept</button></div>"
  print "<header class=\"site-header\"><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/about\">About us</a></li></ul></nav></header>"
  print "<nav class=\"govuk-breadcrumbs\"><ol><li>Home</li><li>Care services</li></ol></nav>"
  print "<main id=\"main\">"
}
/^[ \t]*$/ { close_p(); close_ul(); next }
/^#+ / {
  close_p(); close_ul()
  n = index($0, " ") - 1; if (n > 6) n = 6
  printf "<h%d>%s</h%d>\n", n, esc(substr($0, index($0, " ") + 1)), n
  next
}
/^[-*] / {
  close_p()
  if (!in_ul) { printf "<ul>\n"; in_ul = 1 }
  printf "<li>%s</li>\n", esc(substr($0, 3))
  next
}
{
  close_ul()
  if (!in_p) { printf "<p>%s", esc($0); in_p = 1 }
  else printf "<br>\n%s", esc($0)
}
END {
  close_p(); close_ul()
  print "</main>"
  print "<footer class=\"site-footer\"><p>Contact us</p><p>Accessibility statement</p></footer>"
  print "</body></html>"
}
