"""Entity mentions become links: once per page, never in headings, code or links."""

from __future__ import annotations

from explainer.linking import Linker, Target


def linker() -> Linker:
    return Linker(
        {
            "Olaf Scholz": Target("actors/scholz", "actors/scholz/", "Olaf Scholz: Chancellor"),
            "the German Chancellor": Target("actors/scholz", "actors/scholz/", "Olaf Scholz: Chancellor"),
            "Poland": Target("actors/poland", "actors/poland/", "Poland"),
            "Aegis Ashore Poland": Target("weapons/redzikowo", "weapons/redzikowo/", "Base & <site>"),
        }
    )


def test_only_the_first_mention_on_a_page_is_linked() -> None:
    html = "<p>Poland and Poland.</p><h2>Next</h2><p>Poland again.</p><h3>Later</h3><p>Olaf Scholz and Poland.</p>"
    out = linker().link(html, "article/")
    assert out.count('href="../actors/poland/"') == 1, "not once per section: once per page"
    assert out.count('href="../actors/scholz/"') == 1
    assert out.startswith(
        '<p><a href="../actors/poland/" class="entity-link" title="Poland">Poland</a> and Poland.</p>'
    )


def test_headings_code_and_existing_links_are_left_alone() -> None:
    html = '<h2>Poland</h2><pre><code>Poland</code></pre><p><a href="x">Poland</a> <code>Poland</code></p>'
    assert linker().link(html, "") == html


def test_longest_name_wins_and_sentence_case_matches() -> None:
    out = linker().link("<p>The German Chancellor met Aegis Ashore Poland staff.</p>", "")
    assert 'href="actors/scholz/"' in out
    assert ">The German Chancellor</a>" in out
    assert 'href="weapons/redzikowo/"' in out
    assert 'href="actors/poland/"' not in out


def test_tooltips_are_escaped() -> None:
    out = linker().link("<p>Aegis Ashore Poland</p>", "")
    assert 'title="Base &amp; &lt;site&gt;"' in out


def test_partial_words_and_attributes_do_not_match() -> None:
    html = '<p class="Poland">Polandia, non-Poland</p><img alt="Poland">'
    assert linker().link(html, "") == html


def test_glossary_terms_get_a_tooltip_once_per_page() -> None:
    term = Target("glossary/irbm", "glossary/#irbm", "IRBM: a missile class", "glossary-term", heading="IRBM")
    linker = Linker({"IRBM": term, "Poland": Target("actors/poland", "actors/poland/", "Poland")})
    out = linker.link("<p>An IRBM hit Poland.</p><h2>Later</h2><p>Another IRBM; Poland again.</p>", "article/")
    assert out.count('class="glossary-term"') == 1
    assert out.count('class="entity-link"') == 1, "an entity, like a term, once per page"
    assert (
        '<a href="../glossary/#irbm" class="glossary-term" title="IRBM: a missile class" data-term="IRBM">IRBM</a>'
        in out
    )


def test_a_glossary_terms_name_is_escaped_in_its_preview_attribute() -> None:
    term = Target("glossary/x", "glossary/#x", '"><b>: d', "glossary-term", heading='"><b>')
    out = Linker({"IRBM": term}).link("<p>IRBM</p>", "")
    assert 'data-term="&quot;&gt;&lt;b&gt;"' in out
    assert "<b>" not in out


def test_a_dash_after_a_name_does_not_stop_the_link() -> None:
    out = linker().link("<p>a new missile – Poland- at Dnipro; Poland-based firms</p>", "")
    assert '<a href="actors/poland/" class="entity-link" title="Poland">Poland</a>- at' in out
    assert out.count("entity-link") == 1


def test_a_name_split_across_a_line_break_is_still_linked() -> None:
    out = linker().link("<p>Then the German\nChancellor spoke, and Aegis   Ashore\n  Poland opened.</p>", "article/")
    assert (
        '<a href="../actors/scholz/" class="entity-link" title="Olaf Scholz: Chancellor">the German\nChancellor</a>'
        in out
    )
    assert 'href="../weapons/redzikowo/"' in out
    assert 'href="../actors/poland/"' not in out, "the longer name wins across the break too"
