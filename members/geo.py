"""The projection of the members' map: plain Python, so the outline script can use it.

An equirectangular projection (longitude and latitude as straight x and y) of the box
from 94°E to 142°E and 7°N to 12°S. Indonesia straddles the equator, where this
projection barely distorts, and it keeps the arithmetic testable by hand:
20 map units a degree, origin at the north-west corner.
"""

WEST, EAST, NORTH, SOUTH = 94.0, 142.0, 7.0, -12.0
UNITS_PER_DEGREE = 20
WIDTH = round((EAST - WEST) * UNITS_PER_DEGREE)
HEIGHT = round((NORTH - SOUTH) * UNITS_PER_DEGREE)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Map units (x to the east, y to the south) for a point, rounded to 0.1."""
    x = (float(longitude) - WEST) * UNITS_PER_DEGREE
    y = (NORTH - float(latitude)) * UNITS_PER_DEGREE
    return round(x, 1), round(y, 1)


def in_bounds(latitude: float, longitude: float) -> bool:
    return SOUTH <= float(latitude) <= NORTH and WEST <= float(longitude) <= EAST
