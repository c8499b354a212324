import { ageBandAt, placementKindOf, sexClassOf } from './episode-facts';

describe('episode facts', () => {
  it("bands the child's age on the day the episode began, birthdays counted on the day", () => {
    const at = new Date('2025-06-15T10:00:00Z');
    expect(ageBandAt('2016-06-16', at)).toBe('UNDER_10');
    expect(ageBandAt('2015-06-15', at)).toBe('AGE_10_11');
    expect(ageBandAt('2012-06-16', at)).toBe('AGE_12_13');
    expect(ageBandAt('2011-01-01', at)).toBe('AGE_14_15');
    expect(ageBandAt('2009-06-15', at)).toBe('AGE_16_17');
    expect(ageBandAt('2007-06-15', at)).toBe('AGE_18_OR_OLDER');
    expect(ageBandAt(null, at)).toBe('NOT_RECORDED');
    expect(ageBandAt('2026-01-01', at)).toBe('NOT_RECORDED');
  });

  it('keeps four values of the recorded sex and never the text', () => {
    expect(['F', ' female ', 'Girl', 'm', 'MALE', 'non-binary', '', null].map(sexClassOf)).toEqual(['FEMALE', 'FEMALE', 'FEMALE', 'MALE', 'MALE', 'ANOTHER', 'NOT_RECORDED', 'NOT_RECORDED']);
  });

  it('names the kind of placement from what caseworkers type, anything else OTHER', () => {
    expect(
      ['FOSTER_HOME', 'foster care', 'Kinship foster home', 'with grandparents', 'group home', 'Residential treatment', 'SHELTER', 'emergency placement', 'supervised independent living', "aunt's flat", 'hotel room', '  '].map(
        placementKindOf,
      ),
    ).toEqual(['FOSTER_HOME', 'FOSTER_HOME', 'KINSHIP', 'KINSHIP', 'GROUP_HOME', 'RESIDENTIAL', 'SHELTER', 'SHELTER', 'INDEPENDENT_LIVING', 'KINSHIP', 'OTHER', 'NOT_RECORDED']);
  });
});
