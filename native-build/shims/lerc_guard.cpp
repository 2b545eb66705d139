// Public lerc_* functions of libLerc.so: upstream's src/LercLib/Lerc_c_api_impl.cpp behind an
// exception guard (see guard.hpp). On an exception they return 1 (LercNS::ErrCode::Failed).
#include "Lerc_c_api.h"
#include "guard.hpp"

#define SCICODECS_LERC_FAILED 1u

SCICODECS_GUARD(lerc_status, lerc_computeCompressedSize, SCICODECS_LERC_FAILED,
  (const void* pData, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands, int nMasks,
   const unsigned char* pValidBytes, double maxZErr, unsigned int* numBytes),
  (pData, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, numBytes))

SCICODECS_GUARD(lerc_status, lerc_encode, SCICODECS_LERC_FAILED,
  (const void* pData, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands, int nMasks,
   const unsigned char* pValidBytes, double maxZErr, unsigned char* pOutBuffer, unsigned int outBufferSize,
   unsigned int* nBytesWritten),
  (pData, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, pOutBuffer, outBufferSize,
   nBytesWritten))

SCICODECS_GUARD(lerc_status, lerc_computeCompressedSizeForVersion, SCICODECS_LERC_FAILED,
  (const void* pData, int codecVersion, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands,
   int nMasks, const unsigned char* pValidBytes, double maxZErr, unsigned int* numBytes),
  (pData, codecVersion, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, numBytes))

SCICODECS_GUARD(lerc_status, lerc_encodeForVersion, SCICODECS_LERC_FAILED,
  (const void* pData, int codecVersion, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands,
   int nMasks, const unsigned char* pValidBytes, double maxZErr, unsigned char* pOutBuffer,
   unsigned int outBufferSize, unsigned int* nBytesWritten),
  (pData, codecVersion, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, pOutBuffer,
   outBufferSize, nBytesWritten))

SCICODECS_GUARD(lerc_status, lerc_getBlobInfo, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, unsigned int* infoArray, double* dataRangeArray,
   int infoArraySize, int dataRangeArraySize),
  (pLercBlob, blobSize, infoArray, dataRangeArray, infoArraySize, dataRangeArraySize))

SCICODECS_GUARD(lerc_status, lerc_getDataRanges, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, int nDepth, int nBands, double* pMins, double* pMaxs),
  (pLercBlob, blobSize, nDepth, nBands, pMins, pMaxs))

SCICODECS_GUARD(lerc_status, lerc_decode, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, int nMasks, unsigned char* pValidBytes, int nDepth,
   int nCols, int nRows, int nBands, unsigned int dataType, void* pData),
  (pLercBlob, blobSize, nMasks, pValidBytes, nDepth, nCols, nRows, nBands, dataType, pData))

SCICODECS_GUARD(lerc_status, lerc_decodeToDouble, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, int nMasks, unsigned char* pValidBytes, int nDepth,
   int nCols, int nRows, int nBands, double* pData),
  (pLercBlob, blobSize, nMasks, pValidBytes, nDepth, nCols, nRows, nBands, pData))

SCICODECS_GUARD(lerc_status, lerc_computeCompressedSize_4D, SCICODECS_LERC_FAILED,
  (const void* pData, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands, int nMasks,
   const unsigned char* pValidBytes, double maxZErr, unsigned int* numBytes, const unsigned char* pUsesNoData,
   const double* noDataValues),
  (pData, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, numBytes, pUsesNoData,
   noDataValues))

SCICODECS_GUARD(lerc_status, lerc_encode_4D, SCICODECS_LERC_FAILED,
  (const void* pData, unsigned int dataType, int nDepth, int nCols, int nRows, int nBands, int nMasks,
   const unsigned char* pValidBytes, double maxZErr, unsigned char* pOutBuffer, unsigned int outBufferSize,
   unsigned int* nBytesWritten, const unsigned char* pUsesNoData, const double* noDataValues),
  (pData, dataType, nDepth, nCols, nRows, nBands, nMasks, pValidBytes, maxZErr, pOutBuffer, outBufferSize,
   nBytesWritten, pUsesNoData, noDataValues))

SCICODECS_GUARD(lerc_status, lerc_decode_4D, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, int nMasks, unsigned char* pValidBytes, int nDepth,
   int nCols, int nRows, int nBands, unsigned int dataType, void* pData, unsigned char* pUsesNoData,
   double* noDataValues),
  (pLercBlob, blobSize, nMasks, pValidBytes, nDepth, nCols, nRows, nBands, dataType, pData, pUsesNoData,
   noDataValues))

SCICODECS_GUARD(lerc_status, lerc_decodeToDouble_4D, SCICODECS_LERC_FAILED,
  (const unsigned char* pLercBlob, unsigned int blobSize, int nMasks, unsigned char* pValidBytes, int nDepth,
   int nCols, int nRows, int nBands, double* pData, unsigned char* pUsesNoData, double* noDataValues),
  (pLercBlob, blobSize, nMasks, pValidBytes, nDepth, nCols, nRows, nBands, pData, pUsesNoData, noDataValues))
