"""One HiGHS mixed-integer model over the packages of a compiled problem.

Columns: one binary per (point, option), then one continuous utility per party
(``u_p``), then whatever an objective adds. Rows: one option per point, the
definition of each ``u_p``, and the links. Red lines are column upper bounds of
0 and reservations are lower bounds on ``u_p``, so relaxing either is a bound
change. Everything is passed to HiGHS as numpy arrays in one call.
"""

from __future__ import annotations

import ctypes
import os
import sys
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
import numpy.typing as npt

from onetext.errors import SolverError
from onetext.solve.problem import SCORE_MAX, CompiledProblem, FloatArray, IntArray

Int32Array = npt.NDArray[np.int32]

__all__ = ["INF", "MilpOutcome", "PackageModel", "RowBlock"]

INF = float(highspy.kHighsInf)

_OPTIONS: dict[str, bool | float | int] = {
    "output_flag": False,
    "mip_rel_gap": 1e-9,
    "mip_abs_gap": 1e-9,
    "primal_feasibility_tolerance": 1e-9,
    "mip_feasibility_tolerance": 1e-9,
    "random_seed": 0,
}


@dataclass
class RowBlock:
    """Rows gathered one by one, handed to HiGHS as one compressed-row block."""

    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    indices: list[IntArray] = field(default_factory=list)
    values: list[FloatArray] = field(default_factory=list)

    def add(
        self, index: IntArray | list[int], value: FloatArray | list[float], lo: float, hi: float
    ) -> None:
        self.indices.append(np.asarray(index, dtype=np.int32))
        self.values.append(np.asarray(value, dtype=np.float64))
        self.lower.append(lo)
        self.upper.append(hi)

    def __len__(self) -> int:
        return len(self.lower)

    def csr(self) -> tuple[FloatArray, FloatArray, Int32Array, Int32Array, FloatArray]:
        lengths = np.array([len(i) for i in self.indices], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
        index = (
            np.concatenate(self.indices).astype(np.int32) if self.indices else np.zeros(0, np.int32)
        )
        value = np.concatenate(self.values) if self.values else np.zeros(0)
        lower = np.array(self.lower, dtype=np.float64)
        upper = np.array(self.upper, dtype=np.float64)
        return lower, upper, starts, index, value


@dataclass(frozen=True, slots=True)
class MilpOutcome:
    """What one solve proved: ``bound`` is the solver's dual bound on the objective."""

    feasible: bool
    values: FloatArray
    objective: float
    bound: float


class PackageModel:
    """A HiGHS model whose solutions are packages; objectives add columns and rows."""

    def __init__(
        self,
        cp: CompiledProblem,
        *,
        extra_lower: FloatArray | None = None,
        extra_upper: FloatArray | None = None,
        extra_integer: bool = False,
        enforce_red_lines: bool = True,
        enforce_reservations: bool = True,
        rows: RowBlock | None = None,
    ) -> None:
        self.cp = cp
        n_x, n_p = cp.n_cols, cp.n_parties
        self.u0 = n_x
        self.extra0 = n_x + n_p
        n_extra = 0 if extra_lower is None else len(extra_lower)
        self.n_cols = n_x + n_p + n_extra
        lower = np.zeros(self.n_cols)
        upper = np.ones(self.n_cols)
        if enforce_red_lines:
            upper[:n_x][cp.forbidden] = 0.0
        lower[n_x : n_x + n_p] = cp.reservation if enforce_reservations else 0.0
        upper[n_x : n_x + n_p] = SCORE_MAX
        integrality = np.zeros(self.n_cols, dtype=np.int32)
        integrality[:n_x] = 1
        if extra_lower is not None and extra_upper is not None:
            lower[self.extra0 :] = extra_lower
            upper[self.extra0 :] = extra_upper
            if extra_integer:
                integrality[self.extra0 :] = 1

        block = RowBlock()
        for i in range(cp.n_points):
            cols = np.arange(cp.offsets[i], cp.offsets[i + 1])
            block.add(cols, np.ones(len(cols)), 1.0, 1.0)
        for p in range(n_p):
            nz = np.flatnonzero(cp.coef[p])
            block.add(
                np.concatenate([nz, [self.u0 + p]]),
                np.concatenate([cp.coef[p, nz], [-1.0]]),
                0.0,
                0.0,
            )
        for when, then in cp.links:
            # sum(then options) - sum(if options) >= 1 - |if|, for each then-point;
            # a column in both sets is summed (HiGHS rejects repeated entries)
            for allowed in then:
                row: dict[int, float] = {}
                for c in allowed:
                    row[c] = row.get(c, 0.0) + 1.0
                for c in when:
                    row[c] = row.get(c, 0.0) - 1.0
                block.add(list(row), list(row.values()), 1.0 - len(when), INF)
        if rows is not None:
            _extend(block, rows)
        self.n_base_rows = cp.n_points + n_p
        row_lo, row_hi, starts, index, value = block.csr()

        lp = highspy.HighsLp()
        lp.num_col_ = self.n_cols
        lp.num_row_ = len(row_lo)
        lp.col_cost_ = np.zeros(self.n_cols)
        lp.col_lower_ = lower
        lp.col_upper_ = upper
        lp.row_lower_ = row_lo
        lp.row_upper_ = row_hi
        lp.integrality_ = [highspy.HighsVarType(int(v)) for v in integrality]
        lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
        lp.a_matrix_.num_col_ = self.n_cols
        lp.a_matrix_.num_row_ = len(row_lo)
        lp.a_matrix_.start_ = np.concatenate([starts, [len(index)]]).astype(np.int32)
        lp.a_matrix_.index_ = index
        lp.a_matrix_.value_ = value
        self.highs = _new_highs()
        for name, option in _OPTIONS.items():
            self.highs.setOptionValue(name, option)
        _check(self.highs.passModel(lp), "passModel")
        self.lower = lower
        self.upper = upper
        self.deadline: float | None = None

    def set_time_limit(self, seconds: float | None) -> None:
        """Stop every later solve ``seconds`` from now (None: no limit)."""
        self.deadline = None if seconds is None else time.monotonic() + seconds

    def set_tolerance(self, relative: float) -> None:
        """The MILP stops once its gap is below ``relative * max(1, |objective|)``."""
        self.highs.setOptionValue("mip_rel_gap", relative)
        self.highs.setOptionValue("mip_abs_gap", relative)

    # -- changes -------------------------------------------------------------------
    def set_option(self, name: str, value: bool | float | int | str) -> None:
        self.highs.setOptionValue(name, value)

    def set_objective(self, cost: FloatArray, *, maximize: bool) -> None:
        full = np.zeros(self.n_cols)
        full[: len(cost)] = cost
        _check(
            self.highs.changeColsCost(self.n_cols, np.arange(self.n_cols, dtype=np.int32), full),
            "changeColsCost",
        )
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        _check(self.highs.changeObjectiveSense(sense), "changeObjectiveSense")

    def set_bounds(
        self, columns: IntArray | list[int], lower: FloatArray, upper: FloatArray
    ) -> None:
        cols = np.asarray(columns, dtype=np.int32)
        lo = np.asarray(lower, dtype=np.float64)
        hi = np.asarray(upper, dtype=np.float64)
        _check(self.highs.changeColsBounds(len(cols), cols, lo, hi), "changeColsBounds")
        self.lower[cols] = lo
        self.upper[cols] = hi

    def add_rows(self, rows: RowBlock) -> None:
        if not len(rows):
            return
        lo, hi, starts, index, value = rows.csr()
        _check(self.highs.addRows(len(lo), lo, hi, len(index), starts, index, value), "addRows")

    def set_start(self, values: FloatArray) -> None:
        """Offer a known solution (all columns) as the first incumbent."""
        idx = np.arange(self.n_cols, dtype=np.int32)
        self.highs.setSolution(self.n_cols, idx, np.asarray(values, dtype=np.float64))

    def start_from_choice(self, choice: IntArray, extra: FloatArray | None = None) -> None:
        values = np.zeros(self.n_cols)
        values[self.cp.columns(choice)] = 1.0
        values[self.u0 : self.extra0] = self.cp.utilities(choice)
        if extra is not None:
            values[self.extra0 :] = extra
        self.set_start(values)

    # -- solving -------------------------------------------------------------------
    def solve(self) -> MilpOutcome:
        if self.deadline is not None:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise SolverError("the engine ran out of time before certifying an optimum")
            self.highs.setOptionValue("time_limit", remaining)
        status = self._run()
        if status in (
            highspy.HighsModelStatus.kInfeasible,
            highspy.HighsModelStatus.kUnboundedOrInfeasible,
        ):
            return MilpOutcome(False, np.zeros(self.n_cols), -INF, -INF)
        if status == highspy.HighsModelStatus.kTimeLimit:
            info = self.highs.getInfo()
            raise SolverError(
                "the engine ran out of time before certifying an optimum "
                f"(solver gap {info.mip_gap:.2g}); allow more time"
            )
        if status != highspy.HighsModelStatus.kOptimal:
            what = self.highs.modelStatusToString(status)
            raise SolverError(f"HiGHS stopped without a certified optimum ({what})")
        info = self.highs.getInfo()
        values = np.asarray(self.highs.getSolution().col_value, dtype=np.float64)
        return MilpOutcome(
            True, values, float(info.objective_function_value), float(info.mip_dual_bound)
        )

    def _run(self) -> highspy.HighsModelStatus:
        """Run HiGHS; if its own final check trips on our tight 1e-9 feasibility
        tolerance (a rounding-level violation), run again at its defaults."""
        ran = self.highs.run()
        status = self.highs.getModelStatus()
        if ran == highspy.HighsStatus.kError or status == highspy.HighsModelStatus.kSolveError:
            for name in ("primal_feasibility_tolerance", "mip_feasibility_tolerance"):
                self.highs.setOptionValue(name, 1e-7)
            try:
                ran = self.highs.run()
                status = self.highs.getModelStatus()
            finally:
                for name in ("primal_feasibility_tolerance", "mip_feasibility_tolerance"):
                    self.highs.setOptionValue(name, _OPTIONS[name])
            _check(ran, "run")
        return status

    def choice(self, values: FloatArray) -> IntArray:
        """The package a solution encodes: the largest option column of each point."""
        x = values[: self.cp.n_cols]
        bounds = zip(self.cp.offsets[:-1], self.cp.offsets[1:], strict=True)
        return np.array([int(np.argmax(x[a:b])) for a, b in bounds], dtype=np.int64)


def _extend(block: RowBlock, rows: RowBlock) -> None:
    block.lower += rows.lower
    block.upper += rows.upper
    block.indices += rows.indices
    block.values += rows.values


_quiet = False


def _new_highs() -> highspy.Highs:
    """A Highs instance; the first one prints a banner on the C stdout, which
    would corrupt ``--json`` output, so it is sent to the null device."""
    global _quiet  # noqa: PLW0603 - once per process
    if _quiet:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        highs = highspy.Highs()  # type: ignore[no-untyped-call]
        ctypes.CDLL(None).fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    _quiet = True
    return highs


def _check(status: object, what: str) -> None:
    if status == highspy.HighsStatus.kError:
        raise SolverError(f"HiGHS refused the model ({what})")
