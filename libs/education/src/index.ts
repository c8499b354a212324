// Warning-signs education: sourced warning signs, guides and what-to-do steps for the public, per audience and language, with agencies' local additions.
export * from './education-content';
export * from './education-loader.service';
export * from './education-publisher.service';
export * from './education-reader.service';
export * from './education.module';
export * from './education.policies';
export * from './education.repository';
export * from './education.types';
export * from './graphql/education.model';
