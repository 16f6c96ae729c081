#include "abp/report/html.hpp"

#include <string>

#include <catch2/catch.hpp>

namespace {

std::string escaped(std::string_view value) {
  std::string out;
  abp::append_html_text(out, value);
  return out;
}

}  // namespace

TEST_CASE("html: values are text, never markup", "[html]") {
  CHECK(escaped("<script>alert('x')</script>") ==
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  CHECK(escaped("Simon & Schuster") == "Simon &amp; Schuster");
  CHECK(escaped("\"><img src=x>") == "&quot;&gt;&lt;img src=x&gt;");
  CHECK(escaped("café") == "café");
  CHECK(escaped("") == "<span class=\"unknown\">(unknown)</span>");
}

TEST_CASE("html: controls, separators and bidirectional controls are shown escaped", "[html]") {
  CHECK(escaped("a\x1b[31mb") == "a\\x1b[31mb");
  CHECK(escaped("tab\there") == "tab\\x09here");
  CHECK(escaped("del\x7f") == "del\\x7f");
  CHECK(escaped("c1\xc2\x85") == "c1\\u0085");
  CHECK(escaped("line\xe2\x80\xa8sep") == "line\\u2028sep");
  CHECK(escaped("\xe2\x80\xae"
                "evil") == "\\u202eevil");
  CHECK(escaped("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
  CHECK(escaped("\xe2\x80\x94 dash") == "\xe2\x80\x94 dash");  // U+2014 is a dash, kept
}

TEST_CASE("html: escapes of both kinds together, after what the page already holds", "[html]") {
  std::string out = "<td title=\"";
  abp::append_html_escaped(out, "&\x1b<'\xe2\x80\xae\">&");
  CHECK(out == "<td title=\"&amp;\\x1b&lt;&#39;\\u202e&quot;&gt;&amp;");
  abp::append_html_escaped(out, "\"");
  CHECK(out == "<td title=\"&amp;\\x1b&lt;&#39;\\u202e&quot;&gt;&amp;&quot;");
  abp::append_html_escaped(out, "");
  CHECK(out == "<td title=\"&amp;\\x1b&lt;&#39;\\u202e&quot;&gt;&amp;&quot;");
}

TEST_CASE("html: links carry any name back exactly", "[html]") {
  std::string out;
  abp::append_url_encoded(out, "Le Guin & Co/é?");
  CHECK(out == "Le%20Guin%20%26%20Co%2F%C3%A9%3F");
  out.clear();
  abp::append_html_link(out, "/author?name=", "A<B");
  CHECK(out == "<a href=\"/author?name=A%3CB\">A&lt;B</a>");
  out.clear();
  abp::append_html_link(out, "", "plain");
  CHECK(out == "plain");
}

TEST_CASE("html: bars are a share of the largest count, never nothing", "[html]") {
  std::string out;
  abp::append_html_bar(out, 1, 3);
  CHECK(out == "<td class=\"bar\"><span style=\"width:33.3%\"></span></td>");
  out.clear();
  abp::append_html_bar(out, 0, 0);
  CHECK(out == "<td class=\"bar\"><span style=\"width:0.0%\"></span></td>");
}
