"""SQLAlchemy ORM tables of a tl342 project.

Portable on purpose: plain types only (no SQLite-only SQL), geometry as WKB in the project
CRS recorded in ``meta``, so the same models run on SQLite files and PostgreSQL/PostGIS.
Every schema change goes through an Alembic revision in ``store/migrations/versions``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    """Project settings: app marker, CRS, name, regime, campaign."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class RouteRow(Base):
    __tablename__ = "route"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    geom: Mapped[bytes] = mapped_column(LargeBinary)
    source: Mapped[str] = mapped_column(Text, default="")
    stakes: Mapped[list[StakeRow]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="StakeRow.id"
    )
    equations: Mapped[list[EquationRow]] = relationship(
        back_populates="route", cascade="all, delete-orphan", order_by="EquationRow.id"
    )


class StakeRow(Base):
    """A control stake: known chainage at a known point (cọc Km / cọc H)."""

    __tablename__ = "stake"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id", ondelete="CASCADE"))
    chainage_m: Mapped[float] = mapped_column(Float)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    label: Mapped[str] = mapped_column(String(50), default="")
    route: Mapped[RouteRow] = relationship(back_populates="stakes")


class EquationRow(Base):
    """A station equation (đứt/nối lý trình): back = ahead at one point."""

    __tablename__ = "equation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    route_id: Mapped[int] = mapped_column(ForeignKey("route.id", ondelete="CASCADE"))
    back_m: Mapped[float] = mapped_column(Float)
    ahead_m: Mapped[float] = mapped_column(Float)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    route: Mapped[RouteRow] = relationship(back_populates="equations")


class AreaRow(Base):
    """Polygons that are not parcels: the clearance boundary and commune boundaries."""

    __tablename__ = "area"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # "boundary" | "commune"
    name: Mapped[str] = mapped_column(String(200), default="")
    geom: Mapped[bytes] = mapped_column(LargeBinary)


class HouseholdRow(Base):
    __tablename__ = "household"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    head_name: Mapped[str] = mapped_column(String(200), default="")
    commune: Mapped[str] = mapped_column(String(100), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    id_card: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    birth_year: Mapped[str] = mapped_column(String(20), default="")
    bank_account: Mapped[str] = mapped_column(String(50), default="")
    compensation_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    support_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    donated_value_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    donation_note: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    parcels: Mapped[list[ParcelRow]] = relationship(back_populates="household")


class ParcelRow(Base):
    __tablename__ = "parcel"
    __table_args__ = (
        UniqueConstraint("commune", "sheet", "number", name="uq_parcel_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune: Mapped[str] = mapped_column(String(100))
    sheet: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    land_use: Mapped[str] = mapped_column(String(20), default="")
    land_use_orig: Mapped[str] = mapped_column(String(50), default="")
    area_m2: Mapped[float] = mapped_column(Float, default=0.0)
    geom: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    recovered_geom: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    recovered_area_m2: Mapped[float] = mapped_column(Float, default=0.0)
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("household.id", ondelete="SET NULL"), nullable=True, index=True
    )
    household: Mapped[HouseholdRow | None] = relationship(back_populates="parcels")


class EventRow(Base):
    """Append-only workflow event; a household's status is derived from these."""

    __tablename__ = "event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(30), nullable=True)
    flag: Mapped[str | None] = mapped_column(String(30), nullable=True)
    step: Mapped[str | None] = mapped_column(String(30), nullable=True)
    at: Mapped[date] = mapped_column(Date)
    by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    doc_no: Mapped[str] = mapped_column(String(100), default="")
    doc_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    reverts: Mapped[int | None] = mapped_column(ForeignKey("event.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    device: Mapped[str] = mapped_column(String(100), default="", server_default="")
    deposited: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    effective_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    # issue 11 (shared server): who wrote it (database login; on PostgreSQL a trigger sets it),
    # the hash chain, the four-eyes confirmation and the offline-sync marker
    db_user: Mapped[str] = mapped_column(String(100), default="", server_default="")
    hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")
    needs_confirmation: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    sync_state: Mapped[str] = mapped_column(String(20), default="", server_default="")



class DonationRow(Base):
    """A voluntary donation record (biên bản hiến đất / hiến cây); the latest one per
    household is in effect, earlier ones stay as history."""

    __tablename__ = "donation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="RESTRICT"), index=True
    )
    land_m2: Mapped[float] = mapped_column(Float, default=0.0)
    all_land: Mapped[bool] = mapped_column(Boolean, default=False)
    assets_value_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    doc_no: Mapped[str] = mapped_column(String(100), default="")
    doc_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class ConfirmationRow(Base):
    """An approver's confirmation of an ``approved``/``paid`` step recorded by someone else."""

    __tablename__ = "confirmation"
    event_id: Mapped[int] = mapped_column(
        ForeignKey("event.id", ondelete="RESTRICT"), primary_key=True
    )
    confirmed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    device: Mapped[str] = mapped_column(String(100), default="", server_default="")


class HolidayRow(Base):
    """Project holiday calendar (editable): public holidays and lunar ones such as Tết."""

    __tablename__ = "holiday"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
