export * from './catalog-policy/scope';
export * from './dynamodb-zero-etl-integration';
export * from './dynamodb-zero-etl-to-s3-tables';
export * from './s3-tables-target';
export * from './target';
export * from './target-table-properties';
export * from './monitoring';
