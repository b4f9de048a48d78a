"""ACLED's event taxonomy (6 event types, 25 sub-event types) and the order kabar prefers them in."""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

EVENT_TYPE_OF: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}

DISORDER_TYPE = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Riots": "Political violence",
    "Protests": "Demonstrations", "Strategic developments": "Strategic developments",
}

# When one stretch of text (or one event) carries triggers of several sub-event types of the same
# event type, the more specific one wins: a suicide bomb is also an explosive, an air strike drops
# bombs, a protest that police dispersed is a protest with intervention.
SPECIFICITY: tuple[str, ...] = (
    "Suicide bomb", "Chemical weapon", "Air/drone strike", "Shelling/artillery/missile attack", "Grenade",
    "Remote explosive/landmine/IED",
    "Government regains territory", "Non-state actor overtakes territory", "Armed clash",
    "Sexual violence", "Abduction/forced disappearance", "Attack",
    "Excessive force against protesters", "Protest with intervention", "Peaceful protest",
    "Mob violence", "Violent demonstration",
    "Looting/property destruction", "Disrupted weapons use", "Arrests", "Agreement",
    "Headquarters or base established", "Non-violent transfer of territory", "Change to group/activity", "Other",
)
RANK = {s: i for i, s in enumerate(SPECIFICITY)}

# Event types ordered by how much a page's other triggers should defer to them: a violent event
# reported on a page outranks the strategic developments around it.
VIOLENT = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Riots", "Protests")
