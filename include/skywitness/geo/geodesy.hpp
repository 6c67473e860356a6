// Spherical-earth geodesy: distances, bearings, great-circle interpolation.
// Good to about 0.5% against the ellipsoid, ample for flight paths.
#pragma once

namespace skywitness::geo {

inline constexpr double kEarthRadiusNm = 3440.065;
inline constexpr double kNmToM = 1852.0;

struct LatLon {
  double lat = 0, lon = 0;
};

double distance_nm(LatLon a, LatLon b);
double bearing_deg(LatLon from, LatLon to);  // initial course, 0..360
LatLon destination(LatLon from, double bearing_deg, double distance_nm);
// Point at fraction f (0..1) of the great circle from a to b.
LatLon interpolate(LatLon a, LatLon b, double f);

}  // namespace skywitness::geo
