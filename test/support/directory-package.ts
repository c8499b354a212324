import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small valid HSDS tabular package, file name → CSV text, for the directory import suites. */
export function directoryFiles(jurisdiction: string, agency: string): Record<string, string> {
  return {
    'organizations.csv': ['id,name,description,website,year_incorporated,agency_jurisdiction,agency_name', `org-harbor,Harbor House,"Shelter and counseling, for youth",https://harbor.example,1998,${jurisdiction},${agency}`, 'org-line,Safe Line,Hotline,,,,'].join('\n') + '\n',
    'units.csv': 'id,name,scheme\nbed,Bed,\n',
    'services.csv':
      [
        'id,organization_id,name,status,service_type,minimum_age,maximum_age,population_sex,minors_only,trafficking_survivors,accepting_referrals,public,jurisdiction,last_modified,eligibility_description',
        `svc-beds,org-harbor,Emergency beds for girls,active,EMERGENCY_SHELTER,12,17.5,FEMALE,true,true,true,false,${jurisdiction},2026-12-01T08:00:00.25+01:00,"Girls 12 to 17; ""walk-ins"" welcome"`,
        `svc-line,org-line,Crisis line,active,HOTLINE,,,ANY,false,false,false,true,,,`,
      ].join('\n') + '\n',
    'locations.csv': ['id,location_type,organization_id,name,latitude,longitude,confidential,jurisdiction', `loc-north,physical,org-harbor,Harbor North,38.6270,-90.1994,true,${jurisdiction}`, 'loc-phone,virtual,org-line,By phone,,,false,'].join('\n') + '\n',
    'addresses.csv': 'id,location_id,address_1,city,state_province,postal_code,country,address_type\naddr-north,loc-north,100 Example Street,St. Louis,MO,63101,US,physical\n',
    'service_at_location.csv': 'id,service_id,location_id,description\nsal-north,svc-beds,loc-north,Beds at the north house\nsal-phone,svc-line,loc-phone,\n',
    'schedules.csv': 'id,service_id,service_at_location_id,freq,byday,opens_at,closes_at,timezone,valid_from\nsch-beds,,sal-north,WEEKLY,"MO,TU,WE,TH,FR,SA,SU",00:00,23:59,America/Chicago,2026-01-01\nsch-line,svc-line,,WEEKLY,"MO,TU,WE,TH,FR",09:00:00,17:00:00,,\n',
    'phones.csv': 'id,service_id,location_id,number,extension,type\nph-beds,svc-beds,loc-north,314-555-0101,12,voice\nph-line,svc-line,,800-555-0199,,voice\n',
    'contacts.csv': 'id,service_id,name,title\ncon-intake,svc-beds,Intake desk,Intake\n',
    'service_areas.csv': 'id,service_id,name\narea-stl,svc-beds,St. Louis City\n',
    'service_capacity.csv': 'id,service_id,unit_id,available,maximum,description,updated,service_at_location_id\ncap-north,svc-beds,bed,3,10,Beds tonight,2026-12-01T07:30:00Z,sal-north\n',
  };
}

/** Writes the files to a new folder (with a datapackage.json listing them unless `descriptor` is false). */
export function writePackage(files: Record<string, string | Buffer>, descriptor = true): string {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-directory-'));
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  if (descriptor) {
    const resources = Object.keys(files).map((path) => ({ name: path.replace(/\.csv$/, '').replace(/s$/, '').replace(/addresse$/, 'address'), path }));
    writeFileSync(join(folder, 'datapackage.json'), JSON.stringify({ profile: 'tabular-data-package', resources }));
  }
  return folder;
}
