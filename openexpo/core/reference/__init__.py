"""Reference data that ships with OpenExpo: countries and regions, the HS product tree."""
