/**
 * Statements every target processing role has, as the tests expect them rendered for account
 * 111122223333 in us-east-1: the zero-ETL metrics and logs.
 */
export function zeroEtlMonitoringStatements(account = '111122223333', region = 'us-east-1') {
  const logGroup = `:logs:${region}:${account}:log-group:/aws-glue/zeroETL-integrations/*`;
  return [
    {
      Sid: 'ZeroEtlMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'AWS/Glue/ZeroETL' } },
    },
    {
      Sid: 'ZeroEtlLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [logGroup, `${logGroup}:log-stream:*`].map(rest => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] })),
    },
  ];
}
