import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a directory site is open at a moment, in SQL, so that a search filters on it before it
 * pages (docs/design.md, "The resource directory", opening hours):
 * - `directory.schedule_day(schedule, day)`: whether a schedule's rule (WEEKLY `byday`, MONTHLY
 *   `bymonthday` or ordinal `byday` such as `2TU` or `-1FR`, `interval` counted from `dtstart`)
 *   and its validity (`valid_from`, `valid_to`, `dtstart`, `until`) take in that local day;
 * - `directory.schedule_open_at(schedule, at)`: whether the schedule is open at that instant in its
 *   own `timezone` (an IANA name such as `America/Chicago`, or a UTC offset in hours such as `-5`
 *   or `-05:00`); a schedule without a timezone, or with one PostgreSQL does not know, is never open;
 *   `opens_at = closes_at` or neither given is the whole day; `closes_at` before `opens_at` runs past
 *   midnight; a `closes_at` of 23:59 runs to the end of the day;
 * - `directory.site_open_at(site, service, location, at)`: the site's own schedules when it has any,
 *   else its service's, else its location's; a site without any schedule is not open.
 */
export class DirectoryHours1764810000000 implements MigrationInterface {
  name = 'DirectoryHours1764810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION directory.schedule_day(sc directory.schedule, day date) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE AS $$
      DECLARE
        rules text[];
        rule text;
        weekday text := upper(substr(to_char(day, 'Dy'), 1, 2));
        ordinal integer;
        month_days integer := extract(day FROM (date_trunc('month', day) + interval '1 month - 1 day'))::integer;
        day_of_month integer := extract(day FROM day)::integer;
        matched boolean := false;
      BEGIN
        IF (sc.valid_from IS NOT NULL AND day < sc.valid_from) OR (sc.valid_to IS NOT NULL AND day > sc.valid_to)
           OR (sc.dtstart IS NOT NULL AND day < sc.dtstart) OR (sc.until IS NOT NULL AND day > sc.until) THEN
          RETURN false;
        END IF;
        rules := array_remove(regexp_split_to_array(upper(coalesce(sc.byday, '')), '\\s*,\\s*'), '');
        IF coalesce(sc.freq, 'WEEKLY') = 'WEEKLY' THEN
          IF sc.interval IS NOT NULL AND sc.interval > 1 AND sc.dtstart IS NOT NULL
             AND ((day - date_trunc('week', sc.dtstart)::date) / 7) % sc.interval <> 0 THEN
            RETURN false;
          END IF;
          IF cardinality(rules) = 0 THEN RETURN true; END IF;
          FOREACH rule IN ARRAY rules LOOP
            IF right(btrim(rule), 2) = weekday THEN RETURN true; END IF;
          END LOOP;
          RETURN false;
        END IF;
        IF sc.freq = 'MONTHLY' THEN
          IF sc.bymonthday IS NOT NULL AND btrim(sc.bymonthday) <> '' THEN
            FOREACH rule IN ARRAY regexp_split_to_array(btrim(sc.bymonthday), '\\s*,\\s*') LOOP
              IF rule ~ '^-?[0-9]{1,2}$' AND (rule::integer = day_of_month OR rule::integer = day_of_month - month_days - 1) THEN
                matched := true;
              END IF;
            END LOOP;
            IF NOT matched THEN RETURN false; END IF;
          END IF;
          IF cardinality(rules) = 0 THEN RETURN sc.bymonthday IS NOT NULL AND btrim(sc.bymonthday) <> ''; END IF;
          FOREACH rule IN ARRAY rules LOOP
            IF right(btrim(rule), 2) = weekday THEN
              IF btrim(rule) ~ '^[A-Z]{2}$' THEN RETURN true; END IF;
              IF btrim(rule) ~ '^[+-]?[0-9]{1,2}[A-Z]{2}$' THEN
                ordinal := left(btrim(rule), length(btrim(rule)) - 2)::integer;
                IF ordinal > 0 AND (day_of_month + 6) / 7 = ordinal THEN RETURN true; END IF;
                IF ordinal < 0 AND (month_days - day_of_month + 7) / 7 = -ordinal THEN RETURN true; END IF;
              END IF;
            END IF;
          END LOOP;
          RETURN false;
        END IF;
        RETURN false;
      END $$`);
    await db.query(`
      CREATE FUNCTION directory.schedule_open_at(sc directory.schedule, at timestamptz) RETURNS boolean
      LANGUAGE plpgsql STABLE AS $$
      DECLARE
        zone text := btrim(sc.timezone);
        local timestamp;
        today date;
        clock time;
      BEGIN
        IF zone IS NULL OR zone = '' THEN RETURN false; END IF;
        IF (sc.opens_at IS NULL) <> (sc.closes_at IS NULL) THEN RETURN false; END IF;
        BEGIN
          IF zone ~ '^[+-]?[0-9]{1,2}(\\.[0-9]+)?$' THEN
            local := at AT TIME ZONE make_interval(mins => round(zone::numeric * 60)::integer);
          ELSIF zone ~ '^[+-][0-9]{2}:[0-9]{2}$' THEN
            local := at AT TIME ZONE zone::interval;
          ELSE
            local := at AT TIME ZONE zone;
          END IF;
        EXCEPTION WHEN OTHERS THEN
          RETURN false;
        END;
        today := local::date;
        clock := local::time;
        IF sc.opens_at IS NULL OR sc.opens_at = sc.closes_at THEN
          RETURN directory.schedule_day(sc, today);
        END IF;
        IF sc.closes_at < sc.opens_at THEN
          RETURN (clock >= sc.opens_at AND directory.schedule_day(sc, today))
              OR (clock < sc.closes_at AND directory.schedule_day(sc, today - 1));
        END IF;
        RETURN clock >= sc.opens_at AND (clock < sc.closes_at OR sc.closes_at >= time '23:59')
           AND directory.schedule_day(sc, today);
      END $$`);
    await db.query(`
      CREATE FUNCTION directory.site_open_at(site text, service text, place text, at timestamptz) RETURNS boolean
      LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN EXISTS (SELECT 1 FROM directory.schedule sc WHERE sc.service_at_location_id = site)
            THEN EXISTS (SELECT 1 FROM directory.schedule sc WHERE sc.service_at_location_id = site AND directory.schedule_open_at(sc, at))
          WHEN EXISTS (SELECT 1 FROM directory.schedule sc WHERE sc.service_id = service AND sc.service_at_location_id IS NULL)
            THEN EXISTS (SELECT 1 FROM directory.schedule sc WHERE sc.service_id = service AND sc.service_at_location_id IS NULL AND directory.schedule_open_at(sc, at))
          ELSE EXISTS (
            SELECT 1 FROM directory.schedule sc
            WHERE sc.location_id = place AND sc.service_id IS NULL AND sc.service_at_location_id IS NULL AND directory.schedule_open_at(sc, at))
        END
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION IF EXISTS directory.site_open_at(text, text, text, timestamptz)`);
    await db.query(`DROP FUNCTION IF EXISTS directory.schedule_open_at(directory.schedule, timestamptz)`);
    await db.query(`DROP FUNCTION IF EXISTS directory.schedule_day(directory.schedule, date)`);
  }
}
