"""Warning signs, technique safety and the daily limit: one list in the content, routed at the right urgency."""

import copy
import re

import pytest
from markupsafe import escape

from tests.conftest import MINIMAL
from triggermap import AtlasError, load_atlas
from triggermap.html_text import technique_html, warning_signs_html
from triggermap.models import PRESSURE_TOOLS, Reach, Tool, Urgency
from triggermap.panel import panel_body_html
from triggermap.safety import daily_limit_rule, flags_by_urgency, most_urgent, technique_rules

CAUDA_EQUINA = ["bladder_bowel", "bladder_feeling", "saddle_numbness", "sexual_function"]
CALF = re.compile(r"\bcalf\b", re.I)
FACE_DOWN = re.compile(r"\bface down\b|\bprone\b", re.I)
KNEES_WIDE = re.compile(r"soles of your feet together", re.I)  # the butterfly position: both knees spread wide


def flag(atlas, flag_id):
    return next(f for f in atlas.red_flags.flags if f.id == flag_id)


def rule(rules, title):
    return next(r for r in rules if r.title == title)


def what_is_done(technique) -> str:
    """A technique's own words for how it is done: its name, position and steps (not its cautions)."""
    return " ".join([technique.name, technique.position, *technique.steps])


def calf_techniques(atlas) -> list:
    """The techniques that work on the calf, found from their own words: a tool, the hands or a stretch."""
    return [t for t in atlas.techniques.values() if t.tool is not Tool.habit and CALF.search(what_is_done(t))]


def clot_warning(technique) -> str | None:
    return next((c for c in technique.cautions if "blood clot" in c), None)


def problems(write_yaml, data):
    with pytest.raises(AtlasError) as err:
        load_atlas(write_yaml(data))
    return [str(p) for p in err.value.problems]


# --- the content file's rules -----------------------------------------------------------------------------------

def test_a_red_flag_without_an_urgency_or_a_source_is_a_validation_error(write_yaml):
    data = copy.deepcopy(MINIMAL)
    del data["red_flags"]["flags"][0]["urgency"]
    data["red_flags"]["flags"][0]["sources"] = []
    found = problems(write_yaml, data)
    assert any("flags[0].urgency: is missing" in p for p in found)
    assert any("flags[0].sources: list should have at least 1 item" in p for p in found)


def test_a_red_flag_citing_an_unknown_source_or_an_unknown_urgency_is_an_error(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["red_flags"]["flags"][0]["sources"] = [{"source": "nowhere", "where": "x"}]
    assert any("flags[0].sources[0].source: unknown source 'nowhere'" in p for p in problems(write_yaml, data))
    data["red_flags"]["flags"][0]["urgency"] = "whenever"
    bad_urgency = "flags[0].urgency: input should be 'emergency', 'same_day' or 'see_gp'"
    assert any(bad_urgency in p for p in problems(write_yaml, data))


def test_every_urgency_needs_its_wording(write_yaml):
    data = copy.deepcopy(MINIMAL)
    del data["red_flags"]["levels"]["same_day"]
    assert any("missing same_day" in p for p in problems(write_yaml, data))


def test_a_muscle_naming_no_warning_sign_is_an_error(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["muscles"][0]["warning_signs"] = []
    assert any("muscle 'piriformis', field warning_signs: list should have at least 1 item" in p
               for p in problems(write_yaml, data))


def test_a_muscle_naming_an_unknown_warning_sign_is_an_error(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["muscles"][0]["warning_signs"] = ["numb_saddle", "numb_sadle"]
    assert any("warning_signs[1]: unknown warning sign 'numb_sadle'" in p for p in problems(write_yaml, data))


def test_long_safety_sentences_must_be_split(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["safety"]["general_cautions"][0]["points"] = [" ".join(["word"] * 45)]
    assert any("split it into points" in p for p in problems(write_yaml, data))


def test_a_pressure_technique_needs_a_limit_inside_the_daily_limit(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["techniques"][0]["limit"] = {"seconds_per_spot": 120, "minutes_per_day": 15}
    found = problems(write_yaml, data)
    assert any("seconds_per_spot: is over the daily limit of 90 s per spot" in p for p in found)
    assert any("minutes_per_day: is over the daily limit of 5 minutes" in p for p in found)
    del data["techniques"][0]["limit"]
    assert any("limit: is missing" in p for p in problems(write_yaml, data))


def test_the_pain_guide_must_match_the_patterns(write_yaml):
    data = copy.deepcopy(MINIMAL)
    data["pain_guide"] = {"sources": [{"source": "book", "where": "x"}],
                          "zones": {"calf": ["piriformis"], "upper_buttock": []}}
    found = problems(write_yaml, data)
    assert any("'piriformis' sends no pain to 'calf'" in p for p in found)
    assert any("zones.upper_buttock: leaves out piriformis" in p for p in found)


# --- one list, shown everywhere the same ------------------------------------------------------------------------

def test_every_urgency_is_worded_once_with_the_emergency_department_named_once(atlas):
    levels = atlas.red_flags.levels
    assert [levels[u].title for u in Urgency] == ["Emergency now", "Same day", "See your GP"]
    assert "emergency department (A&E in the UK)" in levels[Urgency.emergency].action
    text = atlas.path.read_text(encoding="utf-8")
    assert text.count("A&E") == 1
    assert "emergency services" not in text and re.search(r"\bED\b", text) is None


def test_muscle_advice_never_retypes_a_warning_sign_or_its_urgency(atlas):
    retyped = re.compile(r"A&E|999|emergency services|straight away|ambulance|cauda equina|urgent care", re.I)
    for muscle in atlas.muscles.values():
        for line in [a.text for a in muscle.see_clinician] + muscle.cautions:
            assert not retyped.search(line), (muscle.id, line)


def test_the_same_flag_text_reaches_the_panel_and_the_about_page(atlas):
    saddle = flag(atlas, "saddle_numbness")
    about = warning_signs_html(flags_by_urgency(atlas.red_flags), 3)
    for html in (panel_body_html(atlas, atlas.muscles["piriformis"]), about):
        assert escape(saddle.sign) in html
        assert escape(atlas.red_flags.levels[Urgency.emergency].action) in html


def test_flags_group_most_urgent_first_and_the_most_urgent_ticked_wins(atlas):
    groups = flags_by_urgency(atlas.red_flags)
    assert [g.urgency for g in groups] == list(Urgency)
    assert most_urgent(atlas.red_flags, []) is None
    assert most_urgent(atlas.red_flags, ["age_new_pain", "fragile_bone_fall"]).urgency == Urgency.same_day
    worst = most_urgent(atlas.red_flags, ["age_new_pain", "fragile_bone_fall", "saddle_numbness"])
    assert worst.urgency == Urgency.emergency and [f.id for f in worst.flags] == ["saddle_numbness"]


def test_flag_html_is_escaped(atlas):
    group = flags_by_urgency(atlas.red_flags)[0]
    hostile = group.flags[0].model_copy(update={"sign": "<script>x</script>"})
    html = warning_signs_html([type(group)(group.urgency, group.level, (hostile,))], 3)
    assert "<script>" not in html and "&lt;script&gt;" in html


# --- the routings the clinical review asked for -----------------------------------------------------------------

def test_cauda_equina_signs_including_the_early_ones_are_an_emergency(atlas):
    for flag_id in CAUDA_EQUINA + ["leg_weakness"]:
        assert flag(atlas, flag_id).urgency == Urgency.emergency, flag_id
    assert "wipe" in flag(atlas, "saddle_numbness").sign
    assert "bladder fill" in flag(atlas, "bladder_feeling").sign
    weakness = flag(atlas, "leg_weakness").sign
    assert "getting worse" in weakness and "foot drop" in weakness and "both legs" in weakness


@pytest.mark.parametrize("muscle_id", ["quadratus_lumborum", "gluteus_medius", "gluteus_minimus", "piriformis"])
def test_the_seed_muscles_carry_the_emergency_nerve_signs(atlas, muscle_id):
    assert set(CAUDA_EQUINA + ["leg_weakness"]) <= set(atlas.muscles[muscle_id].warning_signs)


def test_spinal_infection_is_same_day_and_an_emergency_when_very_unwell(atlas):
    infection = flag(atlas, "spinal_infection")
    assert infection.urgency == Urgency.same_day
    assert "fever" in infection.sign and "inject drugs" in infection.sign and "immune system" in infection.sign
    assert "very unwell" in infection.note and "emergency department" in infection.note


def test_significant_injury_is_an_emergency_and_a_minor_fall_with_fragile_bones_same_day(atlas):
    assert flag(atlas, "major_injury").urgency == Urgency.emergency
    major = flag(atlas, "major_injury").sign
    assert "fall from a height" in major and "road accident" in major
    fragile = flag(atlas, "fragile_bone_fall")
    assert fragile.urgency == Urgency.same_day and "osteoporosis" in fragile.sign and "steroid" in fragile.sign


def test_aortic_aneurysm_is_an_emergency_naming_who_is_at_risk(atlas):
    aorta = flag(atlas, "aortic_aneurysm")
    assert aorta.urgency == Urgency.emergency
    assert "Sudden, severe pain in the back or belly" in aorta.sign and "pulsing" in aorta.sign
    assert "ambulance" in aorta.means and "men over 65" in aorta.means and "smokers" in aorta.means


def test_inflammatory_back_pain_is_see_your_gp_and_not_for_massage(atlas):
    inflammatory = flag(atlas, "inflammatory_back_pain")
    assert inflammatory.urgency == Urgency.see_gp
    for clue in ("3 months", "before 45", "morning stiffness", "second half of the night", "swaps sides"):
        assert clue in inflammatory.sign
    assert "uveitis" in inflammatory.means and "Massage will not treat it" in inflammatory.means


def test_a_suspected_clot_is_same_day_and_an_emergency_with_breathlessness_or_chest_pain(atlas):
    clot = flag(atlas, "blood_clot")
    assert clot.urgency == Urgency.same_day
    assert "one leg" in clot.sign and "calf" in clot.sign and "swelling" in clot.sign
    assert "DVT" in clot.means and "Do not massage, roll or stretch that leg" in clot.means
    assert "short of breath" in clot.note and "chest pain" in clot.note and "emergency" in clot.note


def test_nerve_root_pain_below_the_knee_not_getting_worse_is_see_your_gp(atlas):
    nerve = flag(atlas, "nerve_root")
    assert nerve.urgency == Urgency.see_gp
    assert "below the knee" in nerve.sign and "not getting worse" in nerve.sign
    assert "getting worse" in nerve.note and "both legs" in nerve.note and "emergency" in nerve.note


def test_pain_that_is_not_easing_is_see_your_gp_in_every_panel(atlas):
    not_easing = flag(atlas, "not_easing")
    assert not_easing.urgency == Urgency.see_gp
    assert "not eased after a few weeks" in not_easing.sign and "keeps getting worse" in not_easing.sign
    for muscle in atlas.muscles.values():
        assert "not_easing" in muscle.warning_signs, muscle.id
        assert escape(not_easing.sign) in panel_body_html(atlas, muscle), muscle.id


def test_age_alone_is_see_your_gp(atlas):
    age = flag(atlas, "age_new_pain")
    assert age.urgency == Urgency.see_gp and "has not eased in a few weeks" in age.sign
    assert flag(atlas, "cancer_signs").urgency == Urgency.same_day  # with another flag it is urgent


# --- places to avoid, conditions to check, the daily limit --------------------------------------------------------

def test_places_never_to_press_are_a_technique_rule(atlas):
    rule = next(r for r in technique_rules(atlas.safety) if r.title == "Places never to press")
    text = " ".join(rule.points)
    for place in ("groin crease", "back of the knee", "feel a pulse", "lowest ribs", "sacrum", "sciatic nerve", "neck"):
        assert place in text


def test_general_cautions_cover_cancer_numbness_circulation_lymphoedema_and_implants(atlas):
    text = " ".join(" ".join(r.points) for r in atlas.safety.general_cautions)
    for condition in ("weakened bone", "neuropathy", "peripheral arterial disease", "lymphoedema", "stimulator"):
        assert condition in text


def test_the_daily_limit_is_a_rule_worded_from_its_numbers(atlas):
    limit = atlas.safety.daily_limit
    assert (limit.minutes_per_day, limit.seconds_per_spot, limit.sessions_per_day_to_start) == (5, 90, 1)
    rule = daily_limit_rule(atlas.safety)
    points = rule.points
    assert "5 minutes a day" in points[0] and "90 seconds" in points[1] and points[2].startswith("Once a day")
    assert rule in technique_rules(atlas.safety)


def test_every_pressure_dose_fits_inside_the_daily_limit(atlas):
    for technique in atlas.techniques.values():
        if technique.tool not in PRESSURE_TOOLS:
            continue
        limit = technique.limit
        seconds = [int(n) for n in re.findall(r"(\d+) seconds", technique.dose)]
        minutes = [int(n) for n in re.findall(r"(\d+) minutes in all", technique.dose)]
        assert seconds and max(seconds) <= limit.seconds_per_spot <= 90, technique.id
        assert minutes and max(minutes) <= limit.minutes_per_day <= 5, technique.id
        assert "once or twice a day" not in technique.dose.lower()


def test_techniques_near_nerves_and_vessels_keep_their_distance(atlas):
    t = atlas.techniques
    hamstrings = " ".join(t["ball_hamstrings_chair"].steps)
    assert "two hand-widths above the crease behind the knee" in hamstrings and "never the middle line" in hamstrings
    for technique_id in ("roller_adductors", "gun_thigh"):
        text = " ".join(t[technique_id].steps + t[technique_id].cautions)
        assert "two hand-widths below the groin crease" in text and "varicose veins" in text and "clot" in text
        assert "stretch" in text.lower()
    for technique_id in ("ball_piriformis_floor", "ball_glutes_floor"):
        technique = t[technique_id]
        text = " ".join(technique.steps)
        assert "For more pressure, cross" not in text and "Cross that ankle" not in text
        assert "edge of the sacrum" in text and "notch" in text and technique.limit.seconds_per_spot <= 60
    abdominals = " ".join(t["hands_abdominals"].steps + t["hands_abdominals"].cautions)
    assert "below the navel" in abdominals and "midline" in abdominals
    assert "over 65 and smoke or have smoked" in abdominals and "aortic aneurysm" in abdominals


def test_every_calf_technique_warns_of_a_clot(atlas):
    calf = calf_techniques(atlas)
    assert len(calf) >= 4
    for technique in calf:
        warning = clot_warning(technique)
        assert warning, f"{technique.id} works on the calf but does not warn of a blood clot"
        assert "swollen" in warning and "red" in warning, technique.id
        assert escape(warning) in technique_html(atlas, technique), "shown with the technique's steps"


def test_a_leg_that_may_have_a_clot_is_never_massaged(atlas):
    """The "Never massage over" rule and the "Blood clots" caution say so, in every panel."""
    never = rule(technique_rules(atlas.safety), "Never massage over").points
    clots = rule(atlas.safety.general_cautions, "Blood clots").points
    assert any("blood clot" in point and "calf" in point and "swollen" in point for point in never)
    assert any(point.startswith("Do not massage, roll or stretch a leg that may have a blood clot") for point in clots)
    for muscle in atlas.muscles.values():
        panel = panel_body_html(atlas, muscle)
        assert all(escape(point) in panel for point in clots), muscle.id
        if muscle.techniques:  # the panel shows the technique rules with the techniques
            assert all(escape(point) in panel for point in never), muscle.id


def test_every_muscle_with_a_calf_technique_or_a_calf_pattern_names_the_clot_sign(atlas):
    """So its panel shows the sign, and each calf technique's warning, where the person reads them."""
    sign = flag(atlas, "blood_clot").sign
    warnings = {t.id: warning for t in calf_techniques(atlas) if (warning := clot_warning(t))}
    concerned = [m for m in atlas.muscles.values() if warnings.keys() & set(m.techniques)
                 or any("calf" in p.essential + p.spillover for p in m.trigger_points)]
    assert {"soleus", "gluteus_minimus"} <= {m.id for m in concerned}
    for muscle in concerned:
        assert "blood_clot" in muscle.warning_signs, muscle.id
        panel = panel_body_html(atlas, muscle)
        assert escape(sign) in panel, muscle.id
        for technique_id in warnings.keys() & set(muscle.techniques):
            assert escape(warnings[technique_id]) in panel, (muscle.id, technique_id)


def test_spots_not_to_press_say_why_in_the_panel(atlas):
    iliopsoas, pelvic = atlas.muscles["iliopsoas"], atlas.muscles["pelvic_floor"]
    assert next(p for p in iliopsoas.trigger_points if p.id == "distal").do_not_press
    assert all(p.do_not_press for p in pelvic.trigger_points)
    body = panel_body_html(atlas, iliopsoas)
    assert "Do not press this spot yourself." in body and "groin crease" in body


# --- patterns -----------------------------------------------------------------------------------------------------

def test_rectus_abdominis_refers_across_both_sides_with_the_low_back_essential(atlas):
    upper, lower = atlas.muscles["rectus_abdominis"].trigger_points
    assert upper.reach == lower.reach == Reach.both_sides
    assert upper.essential == ["thoracolumbar"] and "lumbar" in lower.essential and "sacroiliac" in lower.essential
    assert "Felt on both sides of the body." in panel_body_html(atlas, atlas.muscles["rectus_abdominis"])


def test_depths_follow_the_anatomy(atlas):
    assert atlas.muscles["quadratus_lumborum"].depth == "deep"
    assert atlas.muscles["serratus_posterior_inferior"].depth == "deep"


def test_quadratus_lumborum_reaches_the_low_back_and_the_side_of_the_knee(atlas):
    ql = atlas.muscles["quadratus_lumborum"]
    zones = {z for p in ql.trigger_points for z in p.essential + p.spillover}
    assert {"lumbar", "lateral_knee"} <= zones
    assert any("testicle" in p.referral for p in ql.trigger_points)


def test_back_of_thigh_pain_belongs_to_obturator_internus_not_levator_ani(atlas):
    points = {p.id: p for p in atlas.muscles["pelvic_floor"].trigger_points}
    assert "posterior_thigh" not in points["levator_ani"].essential + points["levator_ani"].spillover
    assert "posterior_thigh" in points["obturator_internus"].spillover


def test_adductor_longus_sends_pain_to_the_inner_knee_and_the_front_of_the_hip(atlas):
    proximal, distal = atlas.muscles["adductor_longus"].trigger_points
    assert "anterior_hip" in proximal.essential and "medial_knee" in distal.essential


def test_the_soleus_sacroiliac_point_is_uncommon_and_says_so(atlas):
    lateral = next(p for p in atlas.muscles["soleus"].trigger_points if p.id == "lateral")
    assert lateral.frequency.value == "uncommon" and lateral.essential == ["sacroiliac"]
    assert "An uncommon pattern" in panel_body_html(atlas, atlas.muscles["soleus"])


def test_piriformis_inserts_on_the_greater_trochanter(atlas):
    assert "greater trochanter" in atlas.muscles["piriformis"].summary
    assert "top of the hip bone" not in atlas.muscles["piriformis"].summary


def test_the_pain_guide_lists_every_zone_a_pattern_reaches(atlas):
    reached = {z for m in atlas.muscles.values() for p in m.trigger_points for z in p.essential + p.spillover}
    assert reached <= set(atlas.pain_guide.zones)


def test_techniques_lying_on_the_back_warn_about_pregnancy(atlas):
    pregnancy = next(rule for rule in atlas.safety.general_cautions if rule.title == "Pregnancy")
    assert any("do not lie flat on your back" in point for point in pregnancy.points)
    on_back = [t for t in atlas.techniques.values() if "lying on your back" in t.position.lower()
               or t.position.lower().startswith("lie on your back")]
    assert len(on_back) >= 4
    for technique in on_back:
        assert any("pregnan" in caution.lower() for caution in technique.cautions), technique.id


def test_face_down_techniques_say_not_in_pregnancy(atlas):
    face_down = [t for t in atlas.techniques.values() if FACE_DOWN.search(what_is_done(t))]
    assert len(face_down) >= 3
    for technique in face_down:
        caution = next((c for c in technique.cautions if c.startswith("Not in pregnancy")), None)
        assert caution, f"{technique.id} is done face down but does not say 'Not in pregnancy'"
        assert escape(caution) in technique_html(atlas, technique), "shown with the technique's steps"


def test_techniques_that_spread_the_knees_wide_warn_about_pelvic_girdle_pain_in_pregnancy(atlas):
    knees_wide = [t for t in atlas.techniques.values() if KNEES_WIDE.search(what_is_done(t))]
    assert len(knees_wide) >= 2
    for technique in knees_wide:
        caution = next((c for c in technique.cautions
                        if "pelvic girdle pain" in c or c.startswith("Not in pregnancy")), None)
        assert caution, f"{technique.id} spreads the knees wide without a pregnancy caution"
        assert escape(caution) in technique_html(atlas, technique), "shown with the technique's steps"
    assert any("pelvic girdle pain" in c for t in knees_wide for c in t.cautions)


def test_pelvic_floor_has_no_self_massage_but_explains_who_treats_it(atlas):
    pelvic = atlas.muscles["pelvic_floor"]
    assert pelvic.techniques == []
    assert "pelvic" in pelvic.self_care_note.lower() and "physio" in pelvic.self_care_note.lower()
