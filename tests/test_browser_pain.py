"""The pain drawing in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from triggermap.figure import pattern
from tests.conftest import click_where_visible, screenshot

pytestmark = pytest.mark.browser


def zone(page, region):
    return page.locator(f'.zone[data-zone="{region}"]')


def open_pain(page, url, query=""):
    page.goto(f"{url}/pain{query}")
    expect(page.locator("svg.bodymap")).to_be_visible()


def result_rows(page):
    return page.locator("p strong").filter(has_text=re.compile(r"^\d+\. "))


def test_marking_the_side_of_hip_and_leg_ranks_gluteus_minimus_first(page, server_url, atlas):
    open_pain(page, server_url)
    for region in ("lateral_hip_right", "lateral_thigh_right", "lateral_leg_right", "lateral_ankle_right"):
        click_where_visible(page, zone(page, region))
        expect(zone(page, region)).to_have_attribute("aria-pressed", "true")
    expect(result_rows(page).first).to_have_text("1. Gluteus minimus (right)")
    expect(page).to_have_url(re.compile(r"zones=lateral_hip_right"))
    page.get_by_role("button", name="Show on figure").first.click()
    expect(page.get_by_text("Showing the pattern of Gluteus minimus (right)")).to_be_visible()
    minimus = pattern(atlas.muscles["gluteus_minimus"], "right")
    expect(page.locator("#overlay .overlay-essential")).to_have_count(len(minimus.essential))
    expect(page.locator("#overlay .overlay-spillover")).to_have_count(len(minimus.spillover))
    expect(zone(page, "lateral_hip_right")).to_have_class(re.compile(r"\bmarked\b"))
    screenshot(page, "pain-lateral-leg")


def test_clicking_a_marked_zone_again_unmarks_it(page, server_url):
    open_pain(page, server_url)
    click_where_visible(page, zone(page, "sacrum"))
    expect(page.get_by_role("slider", name="How strong, Base of the spine (sacrum)")).to_be_visible()
    click_where_visible(page, zone(page, "sacrum"))
    expect(zone(page, "sacrum")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_text("Nothing marked yet")).to_be_visible()


def test_zones_are_keyboard_buttons(page, server_url):
    open_pain(page, server_url)
    zone(page, "groin_left").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("slider", name="How strong, Groin (left)")).to_be_visible()


def action(atlas, urgency):
    return next(level.action for u, level in atlas.red_flags.levels.items() if u.value == urgency)


def test_red_flag_advice_appears_when_a_box_is_ticked(page, server_url, atlas):
    open_pain(page, server_url)
    page.get_by_text("Numbness, tingling or altered feeling between the legs").click()
    expect(page.get_by_text(action(atlas, "emergency"))).to_be_visible()


def test_urgent_but_not_emergency_flag(page, server_url, atlas):
    open_pain(page, server_url)
    page.get_by_text("New back pain after a minor fall").click()
    expect(page.get_by_text(action(atlas, "same_day"))).to_be_visible()
    expect(page.get_by_text(action(atlas, "emergency"))).to_have_count(0)


def test_deep_link_restores_the_drawing(page, server_url):
    open_pain(page, server_url, "?zones=lateral_hip_right:7,posterior_thigh_right,not_a_zone")
    expect(zone(page, "lateral_hip_right")).to_have_attribute("aria-pressed", "true")
    expect(zone(page, "posterior_thigh_right")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_text("Ignored 1 unknown place")).to_be_visible()
    expect(page.get_by_role("slider", name=re.compile(r"Side of the hip \(right\)"))).to_have_value("7")
    expect(result_rows(page)).not_to_have_count(0)


def test_the_new_zones_can_be_marked(page, server_url):
    open_pain(page, server_url)
    for region in ("upper_abdomen_right", "medial_knee_left", "achilles_right", "sole_right", "sole_left"):
        click_where_visible(page, zone(page, region))
        expect(zone(page, region)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("slider", name="How strong, Sole of the foot (left)")).to_be_visible()
    expect(page).to_have_url(re.compile(r"zones=.*sole_left"))
    screenshot(page, "pain-new-zones")
