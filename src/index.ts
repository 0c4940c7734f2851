export * from './dynamodb-zero-etl-to-s3-tables';
export * from './target-table-properties';
