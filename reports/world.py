"""Country shapes for the reports' maps, read from the data files the `countryinfo` package ships (MIT licence;
low-resolution outlines in longitude/latitude). Small states and a few countries have no outline there: they get
a marker at their centre point instead."""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

Ring = list[tuple[float, float]]  # (longitude, latitude) points of one closed outline


@dataclass(frozen=True)
class CountryShape:
    code: str  # ISO 3166-1 alpha-3
    outlines: tuple[Ring, ...]  # outer rings only: holes do not show at report scale
    centre: tuple[float, float] | None  # (longitude, latitude)


def _outer_rings(geometry: dict) -> list[Ring]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[(round(x, 2), round(y, 2)) for x, y, *_ in polygon[0]] for polygon in polygons]


@cache
def country_shapes() -> dict[str, CountryShape]:
    shapes: dict[str, CountryShape] = {}
    for path in (files("countryinfo") / "data").iterdir():
        if not path.name.endswith(".json"):
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        code = (data.get("ISO") or {}).get("alpha3")
        if not code:
            continue
        features = (data.get("geoJSON") or {}).get("features") or []
        outlines = tuple(ring for feature in features if feature.get("geometry")
                         for ring in _outer_rings(feature["geometry"]))
        latlng = data.get("latlng")
        centre = (float(latlng[1]), float(latlng[0])) if latlng and len(latlng) == 2 else None
        shapes[code] = CountryShape(code, outlines, centre)
    return shapes


def geojson(counts: dict[str, int], names: dict[str, str]) -> dict:
    """A GeoJSON FeatureCollection of every country outline, with `name` and `projects` properties: the data of
    the dashboard's map (rendered in the browser, nothing fetched from the network)."""
    features = []
    for shape in country_shapes().values():
        if not shape.outlines:
            continue
        properties = {"code": shape.code, "name": names.get(shape.code, shape.code),
                      "projects": counts.get(shape.code, 0)}
        geometry = {"type": "MultiPolygon", "coordinates": [[[list(p) for p in ring]] for ring in shape.outlines]}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}
