"""Moving through the figure with the keyboard (triggermap/keyboard.py): reading order, and where each arrow goes."""

from triggermap.keyboard import Spot, neighbours, reading_order


def test_reading_order_is_view_by_view_top_to_bottom_the_persons_right_first():
    spots = [Spot("back: left, high", "back", 200, 100), Spot("back: midline", "back", 250, 105),
             Spot("back: right", "back", 300, 110), Spot("back: right, lower", "back", 300, 300),
             Spot("front: left", "front", 800, 100), Spot("front: right", "front", 700, 100)]
    order = [spot.id for spot in reading_order(spots, {"back": 1, "front": -1})]
    assert order == ["back: right", "back: midline", "back: left, high", "back: right, lower", "front: right",
                     "front: left"]


def test_an_arrow_goes_to_the_nearest_button_that_way_in_the_same_view():
    spots = [Spot("a", "back", 0, 0), Spot("b", "back", 100, 0), Spot("c", "back", 0, 100),
             Spot("d", "back", 60, 90), Spot("elsewhere", "front", 0, 50)]
    near = neighbours(spots)
    assert near["a"] == {"down": "c", "right": "b"}, "d is nearer but off to the side; nothing is up or left"
    assert near["d"]["left"] == "c" and near["d"]["up"] == "b"
    assert near["elsewhere"] == {}
