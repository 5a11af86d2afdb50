"""Page furniture (marked content outside the structure tree) becomes /Artifact, nothing else."""

from __future__ import annotations

import io

import pikepdf
import pytest

from planreview.report import furniture


def marked(tag: str, mcid: int) -> bytes:
    """Marked content as WeasyPrint writes it, with some hex-string text inside."""
    return b"/%s\n<</MCID %d>>\nBDC\nBT\n<0041> Tj\nET\nEMC\n" % (tag.encode(), mcid)


def tagged_pdf(content: bytes, in_tree: list[int], orphans: list[int]) -> bytes:
    """One page with `content`; the elements of `in_tree` MCIDs hang in the structure tree,
    those of `orphans` only in the parent tree (as WeasyPrint leaves its margin boxes)."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.Contents = pdf.make_stream(content)
    page.StructParents = 0
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S="/Document"))
    by_mcid = {}
    for mcid in in_tree + orphans:
        by_mcid[mcid] = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S="/Span", K=mcid, Pg=page.obj)
        )
    document.K = pikepdf.Array([by_mcid[m] for m in in_tree])
    elements = [by_mcid.get(m) for m in range(max(by_mcid) + 1)]
    pdf.Root.StructTreeRoot = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.StructTreeRoot,
            K=document,
            ParentTree=pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array(elements)])),
        )
    )
    out = io.BytesIO()
    pdf.save(out)  # content compressed, as from WeasyPrint
    return out.getvalue()


def page_content(pdf_bytes: bytes) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        return pdf.pages[0].Contents.read_bytes()


def owners(pdf_bytes: bytes) -> list[bool]:
    """Per MCID: does the parent tree still name an element for it?"""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        elements = furniture.parent_tree(pdf.Root.StructTreeRoot)[0]
        return [isinstance(e, pikepdf.Dictionary) for e in elements]


ARTIFACT = b"/Artifact\nBMC\nBT\n<0041> Tj\nET\nEMC\n"


def test_only_the_orphan_becomes_an_artifact_and_other_bytes_stay():
    head = b"q\n1 0 0 -1 0 841.889764 cm\n"
    content = head + marked("P", 0) + marked("Span", 1) + b"Q\n"
    result = furniture.mark_furniture(tagged_pdf(content, in_tree=[0], orphans=[1]))
    assert page_content(result) == head + marked("P", 0) + ARTIFACT + b"Q\n"
    assert owners(result) == [True, False]


@pytest.mark.parametrize(("in_tree", "orphans"), [([12], [1]), ([1], [12]), ([1, 2], [12, 21])])
def test_mcids_that_are_prefixes_of_each_other_are_not_confused(in_tree, orphans):
    content = b"".join(marked("Span", m) for m in (1, 2, 12, 21) if m in in_tree + orphans)
    expected = b"".join(
        ARTIFACT if m in orphans else marked("Span", m)
        for m in (1, 2, 12, 21)
        if m in in_tree + orphans
    )
    result = furniture.mark_furniture(tagged_pdf(content, in_tree, orphans))
    assert page_content(result) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"q/Span\n<</MCID 1>>\nBDC\nEMC\n/P\n<</MCID 0>>\nBDC\nEMC\nQ\n",  # no space before
        b"/Span\n<</MCID 1 /Lang (de)>>\nBDC\nEMC\n/P\n<</MCID 0>>\nBDC\nEMC\n",  # more keys
        marked("Span", 1) + marked("Span", 1) + marked("P", 0),  # same MCID twice
        b"% /Span <</MCID 1>> BDC\n" + marked("Span", 1) + marked("P", 0),  # in a comment
        marked("Span", 1) + b"q/Span\n<</MCID 1>>\nBDC\nEMC\nQ\n" + marked("P", 0),  # twice, odd
    ],
)
def test_unexpected_bytes_are_parsed_instead_and_still_marked(content):
    assert furniture.artifact_bytes(content, {1}) is None  # the regex path declines...
    result = furniture.mark_furniture(tagged_pdf(content, in_tree=[0], orphans=[1]))
    with pikepdf.open(io.BytesIO(result)) as pdf:  # ...and the parsing path marks all of it
        marks = [
            (str(operands[0]), furniture.mcid_of(operands))
            for operands, operator in pikepdf.parse_content_stream(pdf.pages[0], "BDC BMC")
        ]
    assert ("/Artifact", None) in marks
    assert [mcid for _, mcid in marks if mcid is not None] == [0]
    assert owners(result) == [True, False]


def test_other_whitespace_is_understood_too():
    content = b"/Span<</MCID 1>>BDC <0041> Tj EMC\r\n/P  <<\t/MCID  0 >> BDC EMC"
    assert furniture.artifact_bytes(content, {1}) == b"/Artifact\nBMC <0041> Tj EMC\r\n" + (
        b"/P  <<\t/MCID  0 >> BDC EMC"
    )


def test_a_missing_orphan_is_not_silently_skipped():
    # the parent tree names an element for MCID 1, the page has none or names its properties
    assert furniture.artifact_bytes(marked("P", 0), {1}) is None
    assert furniture.artifact_bytes(b"/Span /MC1 BDC\nEMC\n" + marked("P", 0), {1}) is None
    # nor may the pattern be found where it is not an operator: in a string or an inline image
    named = b"/Span /MC1 BDC\nEMC\n"
    in_string = b"BT\n(\n/Span <</MCID 1>> BDC\n) Tj\nET\n" + named
    in_image = b"BI\n/W 1 /H 1 /BPC 8 /CS /G\nID\n/Span <</MCID 1>> BDC\nEI\n" + named
    assert furniture.artifact_bytes(in_string, {1}) is None
    assert furniture.artifact_bytes(in_image, {1}) is None


def test_without_orphans_or_tree_the_bytes_are_returned_as_they_are():
    tree_only = tagged_pdf(marked("P", 0), in_tree=[0], orphans=[])
    assert furniture.mark_furniture(tree_only) is tree_only
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    untagged = out.getvalue()
    assert furniture.mark_furniture(untagged) is untagged


def test_weasyprint_output_takes_the_regex_path_on_every_page():
    """If WeasyPrint ever writes its marked content differently, this fails rather than every
    page quietly taking the slow path."""
    import weasyprint  # noqa: PLC0415 - slow import, only this test needs it

    html = """<style>@page { @top-center { content: "Kopf" }
      @bottom-center { content: "Seite " counter(page) " von " counter(pages) } }
      p { break-after: page }</style>
      <html lang="de"><title>T</title><h1>Titel</h1><p>Eins</p><p>Zwei</p><p>Drei</p></html>"""
    raw = weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        root = pdf.Root.StructTreeRoot
        in_tree, parents = furniture.reachable_elements(root), furniture.parent_tree(root)
        pages = []
        for page in pdf.pages:
            elements = parents[int(page.StructParents)]
            orphans = {
                mcid
                for mcid, element in enumerate(elements)
                if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree
            }
            data = page.Contents.read_bytes()
            pages.append((data, orphans, furniture.artifact_bytes(data, orphans)))
    assert len(pages) == 3
    assert all(orphans for _, orphans, _ in pages)  # header and footer on every page
    for data, orphans, rewritten in pages:
        assert rewritten is not None
        expected = data
        for mcid in orphans:
            weasyprint_form = b"/Span\n<</MCID %d>>\nBDC" % mcid
            assert expected.count(weasyprint_form) == 1
            expected = expected.replace(weasyprint_form, b"/Artifact\nBMC")
        assert rewritten == expected != data
