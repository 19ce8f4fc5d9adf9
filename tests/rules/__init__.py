# The reason codes the rules issue asks for (rules 1-7): every one must exist and be exercised by scenarios.
REQUIRED_RULE_CODES = frozenset(
    {
        "substance_named",
        "controlled_hs_code",
        "hs_description_mismatch",
        "cover_good_liquid_bulk",
        "density_implausible",
        "hs_category_mismatch",
        "route_risk",
        "commercial_quantity",
    }
)
