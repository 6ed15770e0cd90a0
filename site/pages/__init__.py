"""What pages show: typed view models, templating, maps, schedules in words, search runs."""
