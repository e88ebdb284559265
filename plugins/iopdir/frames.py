"""A template rendered once for many pages that differ only in their own values: the program pages.

Twenty thousand program pages (10,000 listings in two languages) run the same template with the same settings; only
a few values are each page's own (its program, state, addresses, language switch). `Framed` renders the template
once with stand-ins for those values: where the template writes one out, or passes one to a function (the page's
sections, its head), it leaves a numbered hole. Each page is then the frame's text with its holes filled from its
own values: the same bytes as Jinja's render, for the cost of the Python the page calls (about a quarter less CPU
time a page, measured: 0.37 ms against 0.28 at 2,000 listings, English pages).

A stand-in can be written out, passed to a function, or have an attribute or item taken (itself a stand-in); nothing
else. A template that tests one (`{% if program.phone %}`), compares it, filters it (`|upper`, `|safe`), iterates it
or calls a macro with it raises `Unframeable` while the frame is made, and every page is then rendered by Jinja, as
any theme expects. The frame is made from the first page and made again from the second: their text, and every
constant of every hole, must be the same, and both pages must come out of it exactly as Jinja renders them;
otherwise, again, Jinja renders every page. Filling a page that does not fit (a language switch of another length, a
function that raises) falls back to Jinja for that page.
"""

from __future__ import annotations

import re

from jinja2.runtime import Context, Macro
from jinja2.utils import _PassArg
from markupsafe import Markup

from iopdir.pages import esc

_HOLE = re.compile("\x00([0-9]+)\x00")


class Unframeable(Exception):
    """The template does something with a page's own value besides writing it out or passing it to a function."""


class _Frame:
    """The holes left while the frame is rendered, each a spec (see _Filler) in the order they are met."""

    def __init__(self):
        self.specs: list = []

    def hole(self, spec) -> int:
        self.specs.append(spec)
        return len(self.specs) - 1

    def marker(self, spec) -> str:
        return f"\x00{self.hole(spec)}\x00"


def _refuse(self, *args, **kwargs):
    raise Unframeable(f"a page's own value ({_describe(object.__getattribute__(self, '_spec'))}) is used in the "
                      f"template other than by writing it out or passing it to a function")


def _describe(spec) -> str:
    kind = spec[0]
    if kind == "ctx":
        return spec[1]
    if kind in ("attr", "item"):
        return f"{_describe(spec[1])}.{spec[2]}" if kind == "attr" else f"{_describe(spec[1])}[{spec[2]!r}]"
    return "a function's result"


class _Value:
    """Stands for one of a page's own values (or a value taken from one) while the frame is rendered."""

    __slots__ = ("_frame", "_spec")

    def __init__(self, frame: _Frame, spec):
        self._frame, self._spec = frame, spec

    def __html__(self) -> str:  # written out (escaped, as Jinja writes a value): a hole
        return self._frame.marker(("out", self._spec))

    def __getattr__(self, name: str):
        if name.startswith("_") or name.startswith("jinja_"):  # Python's and Jinja's own probes
            raise AttributeError(name)
        return _Value(self._frame, ("attr", self._spec, name))

    def __getitem__(self, key):
        return _Value(self._frame, ("item", self._spec, key))

    # Anything else a template could do with it would decide the page's text by the first page's value.
    __bool__ = __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __hash__ = _refuse
    __len__ = __iter__ = __contains__ = __str__ = __format__ = __int__ = __float__ = __index__ = _refuse
    __add__ = __radd__ = __mul__ = __rmul__ = __mod__ = __rmod__ = __call__ = __reversed__ = _refuse


class _PageName(str):
    """A page's own text (its output_file) while the frame is rendered: the first page's, so that what a
    template works out from it (base.html's `here`) can be worked out; written out or passed on, a hole."""

    def __new__(cls, text: str, frame: _Frame, key: str):
        self = super().__new__(cls, text)
        self._frame, self._key = frame, key
        return self

    def __html__(self) -> str:
        return self._frame.marker(("out", ("ctx", self._key)))


def _per_page(value) -> bool:
    if isinstance(value, (_Value, _PageName)):
        return True
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, (tuple, list)):
        return any(_per_page(v) for v in value)
    if isinstance(value, dict):
        return any(_per_page(v) for v in value.values())
    return False


def _spec_of(value):
    """How a value given to a function while the frame is rendered is found again for a page."""
    if isinstance(value, _Value):
        return value._spec
    if isinstance(value, _PageName):
        return ("ctx", value._key)
    if isinstance(value, str) and "\x00" in value:
        return ("text", type(value), str(value))
    if isinstance(value, (tuple, list)) and _per_page(value):
        return ("seq", type(value), tuple(_spec_of(v) for v in value))
    if isinstance(value, dict) and _per_page(value):
        return ("dict", tuple((k, _spec_of(v)) for k, v in value.items()))
    return ("const", value)


def _context_class(frame: _Frame):
    class FrameContext(Context):
        """Jinja's context while the frame is rendered: a call given a page's own value is a hole."""

        def call(__self, __obj, *args, **kwargs):
            # (Jinja's _block_vars and _loop_vars are for a function given the context; not the call's own.)
            if not (_per_page(__obj) or _per_page(args)
                    or any(_per_page(v) for k, v in kwargs.items() if k not in ("_block_vars", "_loop_vars"))):
                return super().call(__obj, *args, **kwargs)
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            if isinstance(__obj, Macro) or _PassArg.from_obj(__obj) is not None or (
                    not isinstance(__obj, _Value) and _PassArg.from_obj(getattr(__obj, "__call__", None)) is not None):
                # A macro's body, or a function given the context, would see the frame's stand-ins at each page.
                raise Unframeable(f"{getattr(__obj, '__name__', __obj)!r} is given a page's own value and the "
                                  f"template's context")
            spec = ("call", _spec_of(__obj), tuple(_spec_of(a) for a in args),
                    tuple((k, _spec_of(v)) for k, v in kwargs.items()))
            return _Value(frame, ("value", frame.hole(spec)))

    return FrameContext


_DEFINED = ("defined", "undefined")


def _guarded(functions: dict, frame_kind: str) -> dict:
    """The environment's filters or tests, refusing a page's own value (`|upper`, `|safe`, `is defined`)."""
    def guard(name, function):
        def guarded(*args, **kwargs):
            if (name in _DEFINED and len(args) == 1 and isinstance(args[0], _Value) and args[0]._spec[0] == "ctx"
                    and frame_kind == "test"):
                return function(True)  # a page's own value, given on every page the frame serves: defined
            if _per_page(args) or _per_page(kwargs):
                raise Unframeable(f"the {frame_kind} '{name}' is given a page's own value")
            return function(*args, **kwargs)
        if hasattr(function, "jinja_pass_arg"):  # pass_context and the like: Jinja reads it when it compiles a call
            guarded.jinja_pass_arg = function.jinja_pass_arg
        return guarded
    return {name: guard(name, function) for name, function in functions.items()}


class _Filler:
    """A frame made into a function from a page's context to its text: each hole's spec compiled once into a
    function of (context, values made so far)."""

    def __init__(self, environment, parts: list[str], specs: list, constants: dict, shapes: dict):
        self.environment, self.parts = environment, parts
        self.constants, self.shapes = constants, shapes
        self.makers = [self._compile(spec) for spec in specs]
        self.where = [int(n) for n in parts[1::2]]

    def __call__(self, context: dict) -> str | None:
        """The page's text, or None when the page does not fit the frame."""
        for key, value in self.constants.items():
            if context.get(key, _MISSING) != value:
                return None
        for key, shape in self.shapes.items():
            if _shape(context.get(key)) != shape:
                return None
        values: list = []
        add = values.append
        for make in self.makers:
            add(make(context, values))
        parts = self.parts[:]
        parts[1::2] = [values[n] for n in self.where]
        return "".join(parts)

    def _compile(self, spec):
        kind = spec[0]
        if kind == "const":
            value = spec[1]
            return lambda context, values: value
        if kind == "ctx":
            key = spec[1]
            return lambda context, values: context[key]
        if kind == "value":
            n = spec[1]
            return lambda context, values: values[n]
        if kind == "out":  # written out as Jinja writes a value: escape(), made into text
            inner = self._compile(spec[1])

            def written(context, values):
                found = inner(context, values)
                return found if found.__class__ is Markup else esc(found)
            return written
        if kind == "attr":
            inner, name, getattr_ = self._compile(spec[1]), spec[2], self.environment.getattr

            def attribute(context, values):
                found = inner(context, values)
                try:  # Jinja's environment.getattr, without its call when the attribute is there
                    return getattr(found, name)
                except AttributeError:
                    return getattr_(found, name)
            return attribute
        if kind == "item":
            inner, key, getitem = self._compile(spec[1]), spec[2], self.environment.getitem
            return lambda context, values: getitem(inner(context, values), key)
        if kind == "call":
            if spec[1][0] == "const" and not spec[3] and all(a[0] in ("ctx", "const") for a in spec[2]):
                # The sections' calls, header(program, state, lang, root) and the like: their arguments looked up
                # in one comprehension, not through a function each.
                called, plan = spec[1][1], [(a[0] == "ctx", a[1]) for a in spec[2]]
                return lambda context, values: called(*[context[a] if own else a for own, a in plan])
            function = self._compile(spec[1])
            args = [self._compile(a) for a in spec[2]]
            named = [(k, self._compile(v)) for k, v in spec[3]]
            return lambda context, values: function(context, values)(
                *[a(context, values) for a in args], **{k: v(context, values) for k, v in named})
        if kind == "text":  # a text holding holes: they stand for their values written out
            of_type, text = spec[1], spec[2]
            return lambda context, values: of_type(_HOLE.sub(lambda m: values[int(m.group(1))], text))
        if kind == "seq":
            of_type, items = spec[1], [self._compile(v) for v in spec[2]]
            return lambda context, values: of_type(item(context, values) for item in items)
        if kind == "dict":
            items = [(k, self._compile(v)) for k, v in spec[1]]
            return lambda context, values: {k: v(context, values) for k, v in items}
        raise ValueError(f"no such hole: {kind}")


_MISSING = object()


def _shape(value):
    """The lengths of a list of tuples (the language switch): a frame loops over it as many times as it had."""
    if isinstance(value, (list, tuple)):
        return tuple(len(v) if isinstance(v, (list, tuple)) else -1 for v in value)
    return None


class Framed:
    """Stands for `template` where the writer renders it: the first two pages by Jinja (the frame is made and checked
    with them), then each page from the frame when it can be.

    `own`: the context's keys that are each page's own objects (program, state, ...); `names`: its own texts
    (output_file); `lists`: its own lists of tuples (the language switch). `context`: the context every page's
    is a copy of (the generator's), so that whatever else a page is given is known to be the same on every page."""

    def __init__(self, template, context: dict, own=(), names=(), lists=()):
        self.template, self.context = template, context
        self.own, self.names, self.lists = tuple(own), tuple(names), tuple(lists)
        self.filler: _Filler | None = None
        self.first: tuple | None = None  # the first page's frame: (parts, specs)
        self.refused: str | None = None
        self.framed = self.rendered = 0  # pages made each way (what tests/test_frames.py holds them to)

    def render(self, *args, **kwargs) -> str:
        context = args[0] if len(args) == 1 and not kwargs and type(args[0]) is dict else dict(*args, **kwargs)
        if self.filler is not None:
            text = self._fill(context)
            if text is not None:
                self.framed += 1
                return text
        elif self.refused is None:
            return self._learn(context)
        self.rendered += 1
        return self.template.render(context)

    def _fill(self, context):
        try:
            return self.filler(context)
        except Exception:  # noqa: BLE001 - Jinja renders the page, and raises what there is to raise
            return None

    def _learn(self, context) -> str:
        """A page rendered by Jinja, used to make (first page) or to check (second page) the frame."""
        text = self.template.render(context)
        self.rendered += 1
        try:
            parts, specs, filler = self._frame(context)
            if filler(context) != text:
                raise Unframeable("the frame does not give the page Jinja gives")
            if self.first is None:
                self.first = (parts, specs)
            elif self.first != (parts, specs):
                raise Unframeable("two pages give different frames: the template writes something it works out "
                                  "from a page's own text")
            else:
                self.filler = filler
        except Unframeable as exc:
            self.refused = str(exc)
        except Exception as exc:  # noqa: BLE001 - a theme's own error shows when Jinja renders it
            self.refused = f"{type(exc).__name__}: {exc}"
        return text

    def _frame(self, context: dict):
        frame = _Frame()
        stand_ins = dict(context)
        for key in self.own:
            stand_ins[key] = _Value(frame, ("ctx", key))
        for key in self.names:
            if key in context:
                stand_ins[key] = _PageName(context[key], frame, key)
        for key in self.lists:
            stand_ins[key] = [tuple(_Value(frame, ("item", ("item", ("ctx", key), i), j)) for j in range(len(row)))
                              for i, row in enumerate(context[key])]
        own = set(self.own) | set(self.names) | set(self.lists)
        # What the writer gives this page besides its own values (its language, its address root): the same on
        # every page the frame serves, or the page is Jinja's.
        constants = {key: value for key, value in context.items()
                     if key not in own and (key not in self.context or self.context[key] is not value)}
        environment = self.template.environment
        kept = environment.context_class, environment.filters, environment.tests
        environment.context_class = _context_class(frame)
        environment.filters = _guarded(environment.filters, "filter")
        environment.tests = _guarded(environment.tests, "test")
        try:
            text = self.template.render(stand_ins)
        finally:
            environment.context_class, environment.filters, environment.tests = kept
        parts = _HOLE.split(text)
        shapes = {key: _shape(context[key]) for key in self.lists}
        return parts, frame.specs, _Filler(environment, parts, frame.specs, constants, shapes)
