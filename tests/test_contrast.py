import pytest
from django.core.exceptions import ValidationError

from mentoring.lib.contrast import (
    contrast_ratio,
    format_ratio,
    relative_luminance,
    validate_primary_colour,
)


class TestLuminanceAndRatio:
    @pytest.mark.parametrize(
        ("colour", "luminance"),
        [("#000", 0.0), ("#000000", 0.0), ("#fff", 1.0), ("#FFFFFF", 1.0), ("#777777", 0.1845)],
    )
    def test_relative_luminance(self, colour, luminance):
        assert relative_luminance(colour) == pytest.approx(luminance, abs=0.0001)

    @pytest.mark.parametrize(
        ("a", "b", "ratio"),
        [
            ("#000", "#fff", 21.0),
            ("#777777", "#ffffff", 4.48),
            ("#767676", "#ffffff", 4.54),
            ("#0d6efd", "#ffffff", 4.5),  # Bootstrap's own blue, just over the line
            ("#ffcc00", "#ffffff", 1.51),
            ("#123456", "#123456", 1.0),
        ],
    )
    def test_contrast_ratio(self, a, b, ratio):
        assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)

    def test_a_ratio_just_under_the_minimum_never_reads_as_the_minimum(self):
        assert format_ratio(4.4996) == "4.49:1"
        assert format_ratio(4.478) == "4.48:1"
        assert format_ratio(21) == "21.00:1"

    def test_the_order_does_not_matter(self):
        assert contrast_ratio("#fff", "#777") == contrast_ratio("#777", "#fff")

    @pytest.mark.parametrize("value", ["red", "#12345", "#ggghhh", "123456", ""])
    def test_what_is_not_a_hex_colour_is_a_value_error(self, value):
        with pytest.raises(ValueError, match="not a hex colour"):
            relative_luminance(value)


class TestValidatePrimaryColour:
    @pytest.mark.parametrize("value", ["#000000", "#0b5394", "#767676", "#0D6EFD"])
    def test_a_dark_enough_colour_passes(self, value):
        validate_primary_colour(value)

    @pytest.mark.parametrize(
        ("value", "ratio"), [("#ffcc00", "1.51:1"), ("#777777", "4.48:1"), ("#ffffff", "1.00:1")]
    )
    def test_white_text_under_4_5_is_refused_naming_the_ratio(self, value, ratio):
        with pytest.raises(ValidationError) as refused:
            validate_primary_colour(value)
        message = refused.value.messages[0]
        assert ratio in message
        assert value in message
        assert "4.5:1" in message
        assert refused.value.code == "low_contrast"

    @pytest.mark.parametrize("value", ["blue", "#fff", "#12345g", "0b5394", "#0b53940", None])
    def test_what_is_not_a_hex_colour_is_refused(self, value):
        with pytest.raises(ValidationError, match="six hex digits") as refused:
            validate_primary_colour(value)
        assert refused.value.code == "not_a_colour"
