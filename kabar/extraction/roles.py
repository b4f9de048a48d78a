"""Who did what to whom: actor1/actor2 of an event from the actors its sentences mention.

Each sub-event type has a template of who is usually the actor and who the target (air strikes
are carried out by state forces; bombs by armed groups, unidentified unless named; protests by
protesters, met by police). Named groups come from the actor catalogue, generic role words from
the language pack, and a state force's country from a demonym beside it ("pasukan Irak", "Iraqi
forces") or, failing that, the event's country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kabar.actors import ActorMention, role_name, state_force_name

if TYPE_CHECKING:  # pragma: no cover
    from kabar.extraction.analyse import Analysis
    from kabar.records import Event

STATE_ROLES = ("military", "police", "government")
NONSTATE_ROLES = ("armed_group", "rebels")
# A demonym this many characters from a role word names its country ("pasukan udara Irak").
DEMONYM_REACH = 30


class _Actor:
    def __init__(self, name: str, inter: int, span: tuple[int, int] | None, iso: str | None = None,
                 force: str | None = None, dist: int = 0, target: bool = False):
        self.name, self.inter, self.span, self.iso, self.force, self.dist = name, inter, span, iso, force, dist
        self.target = target  # named right after "against", "contra", "terhadap": the one attacked


def _country_name(geocoder, iso: str | None) -> str | None:
    if not iso or geocoder is None:
        return None
    try:
        p = geocoder.country(iso)
    except Exception:  # an unknown code: fall back to the event's country
        return None
    return p.country if p else None


def _mentions(c, an: "Analysis"):
    """Actors of the sentences that made the event; of the sentences it absorbed only if those say none."""
    core = [c.info] + [s for s in c.core if s is not c.info]
    found = [(s, a) for s in core for a in s.actors]
    rest = [(s, a) for s in c.sentences if s not in core for a in s.actors]
    if not any(a.role != "civilians" for _, a in found):
        return found + rest
    if not any(a.role == "named" for _, a in found):  # a named group is worth looking further for
        found += [(s, a) for s, a in rest if a.role == "named"]
    return found


def assign_actors(ev: "Event", c, an: "Analysis", evidence: dict) -> None:
    geocoder = getattr(an, "geocoder", None)
    country = ev.country or _page_country(an, geocoder)
    iso = ev.iso
    named: list[_Actor] = []
    state: list[_Actor] = []
    armed: list[_Actor] = []
    civ: list[_Actor] = []
    prot: list[_Actor] = []
    riot: list[_Actor] = []
    trigger_start = c.triggers[0].start if c.triggers else 0
    after_trigger_named: list[_Actor] = []
    for s, a in _mentions(c, an):
        span = (a.start, a.end)
        if a.role == "named" and a.actor is not None:
            act = _Actor(a.name, a.inter, span, a.actor.country)
            if not any(x.name == act.name for x in named):
                named.append(act)
                if a.start > trigger_start and s is c.info:
                    after_trigger_named.append(act)
        elif a.role in ("military", "police") or (a.actor is not None and a.actor.force):
            force = a.actor.force if a.actor is not None and a.actor.force else a.role
            s_iso = a.country or _demonym(s, a)
            cname = _country_name(geocoder, s_iso) if s_iso else country
            named_force = a.actor is not None and a.actor.force is not None
            name = a.name if named_force else state_force_name(force, cname)
            inter = 1 if (not s_iso or not iso or s_iso == iso) else 8
            dist = abs(a.start - trigger_start) if s is c.info else 10_000 + abs(a.start - trigger_start)
            state.append(_Actor(name, inter, span, s_iso or iso, force, dist, target=_targeted(s, a)))
        elif a.role == "government":
            state.append(_Actor(role_name("government", country), 1, span, iso))
        elif a.role in NONSTATE_ROLES:
            armed.append(_Actor(role_name("armed_group", country), 3, span))
        elif a.role == "civilians":
            civ.append(_Actor(role_name("civilians", country), 7, span))
        elif a.role == "protesters":
            prot.append(_Actor(role_name("protesters", country), 6, span))
        elif a.role == "rioters":
            riot.append(_Actor(role_name("rioters", country), 5, span))
    sub = ev.sub_event_type
    # the state force nearest the trigger acts; for strikes from the air, a military one
    military_first = sub in ("Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon",
                             "Government regains territory")
    state.sort(key=lambda x: ((x.force != "military") if military_first else 0, x.dist))
    nonstate = named[0] if named else None
    unident = _Actor(role_name("armed_group", country), 3, armed[0].span if armed else None)
    a1: _Actor | None = None
    a2: _Actor | None = None
    if sub in ("Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon"):
        external = [n for n in named if n.inter == 8]
        a1 = state[0] if state else (external[0] if external else _Actor(state_force_name("military", country), 1, None))
        targets = [n for n in named if n is not a1 and n.inter != 8]
        a2 = targets[0] if targets else (civ[0] if civ else None)
    elif sub in ("Suicide bomb", "Remote explosive/landmine/IED", "Grenade"):
        a1 = nonstate or unident
        a2 = state[0] if state else _Actor(role_name("civilians", country), 7, civ[0].span if civ else None)
    elif sub == "Armed clash":
        if nonstate is not None and not state and nonstate in after_trigger_named and len(named) == 1:
            a1, a2 = unident, nonstate  # "shooting at an ISIS base": the attacker is not named
        else:
            a1 = nonstate or unident
            a2 = state[0] if state else (named[1] if len(named) > 1 else None)
    elif sub in ("Government regains territory", "Non-state actor overtakes territory"):
        # who took the place decides which: the actor nearest before the trigger
        taker = _nearest_before(c.info, trigger_start)
        if taker is not None and taker.role == "named" and taker.actor is not None and not taker.actor.force:
            sub = "Non-state actor overtakes territory"
        elif taker is not None and (taker.role in STATE_ROLES or (taker.actor is not None and taker.actor.force)):
            sub = "Government regains territory"
        ev.sub_event_type = sub
        if sub == "Government regains territory":
            a1 = state[0] if state else _Actor(state_force_name("military", country), 1, None)
            a2 = nonstate
        else:
            a1 = nonstate or unident
            a2 = state[0] if state else _Actor(state_force_name("military", country), 1, None)
    elif sub in ("Attack", "Abduction/forced disappearance", "Sexual violence"):
        victims_armed = (after_trigger_named and not civ) or (state and not civ and (nonstate or armed))
        if sub == "Attack" and victims_armed:
            ev.event_type, ev.sub_event_type = "Battles", "Armed clash"
            if after_trigger_named and not civ:
                a1 = [n for n in named if n not in after_trigger_named][0] if len(named) > len(after_trigger_named) else unident
                a2 = after_trigger_named[0]
            else:
                a1, a2 = nonstate or unident, state[0]
        else:
            a1 = nonstate or (state[0] if state and not armed else unident)
            a2 = _Actor(role_name("civilians", country), 7, civ[0].span if civ else None)
    elif sub in ("Peaceful protest",):
        a1 = prot[0] if prot else _Actor(role_name("protesters", country), 6, None)
    elif sub in ("Protest with intervention", "Excessive force against protesters"):
        a1 = prot[0] if prot else _Actor(role_name("protesters", country), 6, None)
        a2 = state[0] if state else _Actor(state_force_name("police", country), 1, None)
    elif sub == "Violent demonstration":
        a1 = riot[0] if riot else _Actor(role_name("rioters", country), 5, prot[0].span if prot else None)
        a2 = state[0] if state else None
    elif sub == "Mob violence":
        a1 = riot[0] if riot else _Actor(role_name("rioters", country), 5, None)
        a2 = civ[0] if civ else (named[0] if named else None)
    elif sub == "Arrests":
        if armed_takes(c.info, trigger_start):
            # "gunmen raided a school and seized the pupils": armed groups do not arrest, they abduct
            ev.event_type, ev.sub_event_type = "Violence against civilians", "Abduction/forced disappearance"
            a1 = nonstate or unident
            a2 = _Actor(role_name("civilians", country), 7, civ[0].span if civ else None)
        else:
            a1 = state[0] if state else _Actor(state_force_name("police", country), 1, None)
            a2 = nonstate or (prot[0] if prot else None)
    elif sub == "Disrupted weapons use":
        a1 = state[0] if state else _Actor(state_force_name("police", country), 1, None)
        a2 = nonstate
    elif sub == "Looting/property destruction":
        a1 = nonstate or (state[0] if state else unident)
        a2 = _Actor(role_name("civilians", country), 7, civ[0].span if civ else None) if civ or nonstate else None
    elif sub == "Agreement":
        parties = named + state
        a1 = parties[0] if parties else None
        a2 = parties[1] if len(parties) > 1 else None
    else:  # Other, Change to group/activity, HQ established, Non-violent transfer
        a1 = nonstate or (state[0] if state else None)
    # "penceroboh", "the gunmen": when the page names one armed group, its unnamed fighters are that group
    page_groups = {a.name for s in an.sentences for a in s.actors
                   if a.role == "named" and a.actor is not None and not a.actor.force and a.inter in (2, 3, 4)}
    if len(page_groups) == 1:
        only = next(iter(page_groups))
        other = a2 if a1 is unident else a1
        if (a1 is unident or a2 is unident) and armed and (other is None or other.name != only):
            group = _Actor(only, next(a.inter for s in an.sentences for a in s.actors if a.name == only), unident.span)
            a1, a2 = (group, a2) if a1 is unident else (a1, group)
    if a1 is not None and a1.target and sub not in ("Arrests", "Peaceful protest"):
        # "an attack with drones against the police station": the police were attacked, not attacking
        a1, a2 = (a2, a1) if a2 is not None and not a2.target else (nonstate or unident, a1)
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2 = None
    for field_name, act in (("actor1", a1), ("actor2", a2)):
        if act is None:
            continue
        setattr(ev, field_name, act.name)
        setattr(ev, "inter1" if field_name == "actor1" else "inter2", act.inter)
        if act.span:
            evidence[field_name] = [act.span]
    i1, i2 = ev.inter1 or 0, ev.inter2 or 0
    if i1:
        ev.interaction = int(f"{min(i1, i2)}{max(i1, i2)}") if i2 else i1 * 10


def _targeted(s, a: ActorMention) -> bool:
    """The actor stands just after "against"/"contra"/"terhadap" (a few words of description allowed)."""
    return any(0 <= a.first - k <= 3 for k in s.against)


def armed_takes(s, trigger_start: int) -> bool:
    """"gunmen raided a school and seized the pupils": the one who takes people is an armed group, and
    armed groups do not arrest, they abduct."""
    taker = _nearest_before(s, trigger_start)
    if any(a.role in ("military", "police", "government", "source") and a.end <= trigger_start for a in s.actors):
        return False  # "the army says it killed five terrorists and arrested a suspect": the state arrests
    return taker is not None and (taker.role in NONSTATE_ROLES or
                                  (taker.role == "named" and taker.actor is not None and not taker.actor.force))


def _nearest_before(s, pos: int) -> ActorMention | None:
    before = [a for a in s.actors if a.end <= pos and a.role != "civilians"]
    return before[-1] if before else None


def _demonym(s, a: ActorMention) -> str | None:
    """The country a demonym or country name next to a role word names ("pasukan Irak", "Iraqi forces")."""
    best = None
    for (cs, ce, iso) in s.countries:
        if 0 <= cs - a.end <= DEMONYM_REACH or 0 <= a.start - ce <= 12:
            d = cs - a.end if cs >= a.end else a.start - ce
            if best is None or d < best[0]:
                best = (d, iso)
    return best[1] if best else None


def _page_country(an: "Analysis", geocoder) -> str | None:
    counts: dict[str, int] = {}
    for s in an.sentences:
        for (_a, _b, iso) in s.countries:
            counts[iso] = counts.get(iso, 0) + 1
    if not counts:
        return None
    iso = max(counts, key=counts.get)
    return _country_name(geocoder, iso)
